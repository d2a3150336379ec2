package dev.switchboard.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares a broker's RabbitMQ objects (see {@link AmqpNames}) on first use, idempotently, on a
 * channel of its own. Declarations on a recovering connection are replayed by the client's
 * topology recovery after a reconnect.
 *
 * <p>Task queues are durable. Quorum queues get a delivery limit ({@code x-delivery-limit}) and
 * dead-letter at least once into the dead-letter stream; every task queue asks for no consumer
 * timeout ({@code x-consumer-timeout}, honoured by RabbitMQ 3.12 and later), since leases, not
 * RabbitMQ, decide when a held task is given back.
 */
final class AmqpTopology {
  /** The consumer timeout asked for on task queues: the largest RabbitMQ accepts (~24 days). */
  static final int NO_CONSUMER_TIMEOUT = Integer.MAX_VALUE;

  private final Connection connection;
  private final AmqpNames names;
  private final QueueType type;
  private final int maxDeliveries;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private Channel channel;

  AmqpTopology(Connection connection, AmqpNames names, QueueType type, int maxDeliveries)
      throws IOException {
    this.connection = connection;
    this.names = names;
    this.type = type;
    this.maxDeliveries = maxDeliveries;
    this.channel = connection.createChannel();
    declareShared();
  }

  AmqpNames names() {
    return names;
  }

  QueueType type() {
    return type;
  }

  private synchronized Channel channel() throws IOException {
    if (!channel.isOpen()) {
      channel = connection.createChannel();
    }
    return channel;
  }

  private void declareShared() throws IOException {
    Channel ch = channel();
    stream(ch, names.deadStream(), "30D");
    stream(ch, names.revokedStream(), "30D");
    stream(ch, names.workersStream(), "1h");
    ch.exchangeDeclare(names.deadStream(), BuiltinExchangeType.FANOUT, true);
    ch.queueBind(names.deadStream(), names.deadStream(), "");
    ch.exchangeDeclare(names.delayDeliver(), BuiltinExchangeType.HEADERS, true);
    for (int n = 0; n < AmqpNames.DELAY_BITS; n++) {
      String level = names.delayLevel(n);
      String below = n == 0 ? names.delayDeliver() : names.delayLevel(n - 1);
      ch.exchangeDeclare(level, BuiltinExchangeType.TOPIC, true);
      // Classic queues: 35 Raft groups per broker prefix would cost far more than they give.
      Map<String, Object> args = new HashMap<>();
      args.put("x-message-ttl", 1L << n);
      args.put("x-dead-letter-exchange", below);
      ch.queueDeclare(level, true, false, false, args);
      ch.queueBind(level, level, DelayRoute.pattern(n, '1'));
      if (n > 0) {
        ch.exchangeBind(below, level, DelayRoute.pattern(n, '0'));
      }
    }
    // Level 0 with bit 0 clear: route straight to the deliver exchange.
    ch.exchangeBind(names.delayDeliver(), names.delayLevel(0), DelayRoute.pattern(0, '0'));
  }

  private static void stream(Channel ch, String name, String maxAge) throws IOException {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", "stream");
    args.put("x-max-age", maxAge);
    args.put("x-stream-max-segment-size-bytes", 1_000_000);
    ch.queueDeclare(name, true, false, false, args);
  }

  private Map<String, Object> queueArgs(QueueType t) {
    Map<String, Object> args = new HashMap<>();
    if (t == QueueType.QUORUM) {
      args.put("x-queue-type", "quorum");
      args.put("x-dead-letter-strategy", "at-least-once");
      args.put("x-overflow", "reject-publish");
    }
    return args;
  }

  /**
   * Declares the RabbitMQ queues of task queue {@code queue} (once per broker) and binds them to
   * the deliver exchange.
   *
   * @return their names, highest priority first
   */
  List<String> declareQueue(String queue) throws IOException {
    List<String> all = names.workQueues(queue, type);
    if (declared.contains(queue)) {
      return all;
    }
    Channel ch = channel();
    for (String q : all) {
      Map<String, Object> args = queueArgs(type);
      args.put("x-consumer-timeout", NO_CONSUMER_TIMEOUT);
      args.put("x-dead-letter-exchange", names.deadStream());
      if (type == QueueType.QUORUM) {
        // RabbitMQ dead-letters once the count of returns exceeds the limit.
        args.put("x-delivery-limit", maxDeliveries - 1);
      } else {
        args.put("x-max-priority", 9);
      }
      ch.queueDeclare(q, true, false, false, args);
      ch.queueBind(q, names.delayDeliver(), "", Map.of("x-match", "all", DelayRoute.DESTINATION, q));
    }
    declared.add(queue);
    return all;
  }

  /** Deletes the RabbitMQ queues of task queue {@code queue}, with their messages. */
  void deleteQueue(String queue) throws IOException {
    Channel ch = channel();
    for (String q : names.workQueues(queue, type)) {
      ch.queueDelete(q);
    }
    declared.remove(queue);
  }

  /** Returns how many messages wait ready in {@code queues}. */
  long ready(List<String> queues) throws IOException {
    long n = 0;
    Channel ch = channel();
    for (String q : queues) {
      n += ch.queueDeclarePassive(q).getMessageCount();
    }
    return n;
  }

  /** Returns how many messages wait in the delay levels. */
  long delayed() throws IOException {
    long n = 0;
    Channel ch = channel();
    for (int i = 0; i < AmqpNames.DELAY_BITS; i++) {
      n += ch.queueDeclarePassive(names.delayLevel(i)).getMessageCount();
    }
    return n;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // already closed
    }
  }
}
