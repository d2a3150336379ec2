package dev.switchboard.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/** The RabbitMQ the tests use, and cleanup of the task queues they declare. */
final class RabbitTestSupport {
  /** The shared RabbitMQ: {@code SB_AMQP_URL}, else 127.0.0.1:5672 as guest. */
  static final String URL = System.getenv().getOrDefault("SB_AMQP_URL",
      "amqp://guest:guest@127.0.0.1:5672");

  private RabbitTestSupport() {}

  /** Deletes the RabbitMQ queues of task queue {@code queue} under {@code prefix}. */
  static void deleteQueues(String prefix, String queue) throws Exception {
    try (Connection c = AmqpConnections.factory(URL).newConnection("switchboard-test-cleanup")) {
      for (String q : new AmqpNames(prefix).workQueues(queue, QueueType.QUORUM)) {
        Channel ch = c.createChannel();
        ch.queueDelete(q);
        ch.close();
      }
    }
  }

  /**
   * Deletes every RabbitMQ object of broker prefix {@code prefix} (delay levels, streams,
   * exchanges) and the queues of task queue {@code queue}: for tests with a prefix of their own.
   */
  static void deleteAll(String prefix, String queue) throws Exception {
    deleteQueues(prefix, queue);
    AmqpNames names = new AmqpNames(prefix);
    try (Connection c = AmqpConnections.factory(URL).newConnection("switchboard-test-cleanup")) {
      Channel ch = c.createChannel();
      for (int n = 0; n < AmqpNames.DELAY_BITS; n++) {
        ch.queueDelete(names.delayLevel(n));
        ch.exchangeDelete(names.delayLevel(n));
      }
      ch.exchangeDelete(names.delayDeliver());
      ch.exchangeDelete(names.deadStream());
      for (String stream : new String[] {names.deadStream(), names.revokedStream(),
          names.workersStream()}) {
        ch.queueDelete(stream);
      }
      ch.close();
    }
  }
}
