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
    try (Connection c = AmqpBroker.factory(URL).newConnection("switchboard-test-cleanup")) {
      for (String q : new AmqpNames(prefix).workQueues(queue, QueueType.QUORUM)) {
        Channel ch = c.createChannel();
        ch.queueDelete(q);
        ch.close();
      }
    }
  }
}
