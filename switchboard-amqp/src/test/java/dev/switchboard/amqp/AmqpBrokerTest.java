package dev.switchboard.amqp;

import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.testing.BrokerContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The broker contract on the shared RabbitMQ with quorum queues (the default). */
class AmqpBrokerTest extends BrokerContract {
  private static final String PREFIX = "sbtest-quorum";

  @Override
  protected Broker createBroker(Duration lease) {
    return AmqpBroker.create(RabbitTestSupport.URL + "?prefix=" + PREFIX, lease);
  }

  @AfterEach
  void deleteTestQueues() throws Exception {
    RabbitTestSupport.deleteQueues(PREFIX, queue);
  }
}
