package dev.switchboard.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;

/**
 * How the broker connects: a {@link ConnectionFactory} with automatic and topology recovery
 * (reconnect every second), a 10 s heartbeat and connection timeout; a warning when the node is
 * too old to honour the per-queue consumer timeout; URLs without their credentials for messages.
 */
final class AmqpConnections {
  private AmqpConnections() {}

  /** Returns a factory for {@code uri}; an invalid URI is an IllegalArgumentException. */
  static ConnectionFactory factory(String uri) throws IOException {
    ConnectionFactory f = new ConnectionFactory();
    try {
      f.setUri(uri);
    } catch (java.net.URISyntaxException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "invalid RabbitMQ URL " + redact(uri) + ": " + e.getMessage(), e);
    }
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(1000);
    f.setRequestedHeartbeat(10);
    f.setConnectionTimeout(10_000);
    return f;
  }

  /**
   * RabbitMQ before 3.12 ignores the per-queue {@code x-consumer-timeout}: its node-wide {@code
   * consumer_timeout} (30 min by default) then closes the channel of a task held longer, and the
   * task runs again. Says so once per process.
   */
  static void warnOfConsumerTimeout(Connection c) {
    Object v = c.getServerProperties().get("version");
    String version = v == null ? "" : v.toString();
    var m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
    if (m.find()) {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      if ((major < 3 || major == 3 && minor < 12) && !warned.getAndSet(true)) {
        org.slf4j.LoggerFactory.getLogger(AmqpBroker.class).warn("RabbitMQ {} ignores the"
            + " per-queue consumer timeout: a task running longer than the node's consumer_timeout"
            + " (30 min unless set in rabbitmq.conf) is redelivered; raise consumer_timeout there"
            + " (milliseconds) above the longest task, or use RabbitMQ 3.12+", version);
      }
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean warned =
      new java.util.concurrent.atomic.AtomicBoolean();

  static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
