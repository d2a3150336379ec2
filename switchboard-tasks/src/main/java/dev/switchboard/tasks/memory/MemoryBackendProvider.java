package dev.switchboard.tasks.memory;

import dev.switchboard.tasks.spi.BackendProvider;
import dev.switchboard.tasks.spi.BeatStore;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.ResultBackend;

/** The {@code memory:} provider: fresh in-memory parts, for one process. */
public final class MemoryBackendProvider implements BackendProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public MemoryBackendProvider() {}

  @Override
  public boolean supports(String url) {
    return url.startsWith("memory:");
  }

  @Override
  public Broker broker(String url) {
    return new InMemoryBroker();
  }

  @Override
  public ResultBackend resultBackend(String url) {
    return new InMemoryResultBackend();
  }

  @Override
  public BeatStore beatStore(String url) {
    return new InMemoryBeatStore();
  }
}
