package dev.switchboard.tasks;

import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.testing.BrokerContract;
import java.time.Duration;

class InMemoryBrokerTest extends BrokerContract {
  @Override
  protected Broker createBroker(Duration lease) {
    return new InMemoryBroker(lease);
  }
}
