package dev.switchboard.tasks;

import dev.switchboard.tasks.memory.InMemoryResultBackend;
import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.testing.ResultBackendContract;
import java.time.Duration;

class InMemoryResultBackendTest extends ResultBackendContract {
  @Override
  protected ResultBackend createBackend(Duration ttl) {
    return new InMemoryResultBackend(ttl);
  }
}
