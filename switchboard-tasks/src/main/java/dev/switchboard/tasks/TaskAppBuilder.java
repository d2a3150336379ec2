package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Nullable;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.tasks.spi.ResultBackend;
import java.util.Objects;

/** Builds a {@link TaskApp}; every part is optional. */
public final class TaskAppBuilder {

  @Nullable Broker broker;
  @Nullable ResultBackend backend;
  @Nullable ChannelLayer layer;
  String defaultQueue = "default";
  @Nullable ObjectMapper mapper;
  @Nullable String url;

  TaskAppBuilder() {}

  /**
   * Takes the broker and the result backend that are not set explicitly from {@code url}
   * ({@code memory:} or {@code redis://host:port}), through {@link Backends#forUrl}. Without
   * it, the URL of {@link Backends#configuredUrl()} is used, and without that, memory.
   */
  public TaskAppBuilder url(String value) {
    Backends.forUrl(value);
    this.url = value;
    return this;
  }

  /** Sets the broker (default: a new {@link InMemoryBroker}). */
  public TaskAppBuilder broker(Broker value) {
    this.broker = Objects.requireNonNull(value, "broker");
    return this;
  }

  /** Sets the result backend (default: a new {@link InMemoryResultBackend}). */
  public TaskAppBuilder resultBackend(ResultBackend value) {
    this.backend = Objects.requireNonNull(value, "resultBackend");
    return this;
  }

  /** Sets the channel layer that receives live task events (default: none, no events). */
  public TaskAppBuilder channelLayer(ChannelLayer value) {
    this.layer = Objects.requireNonNull(value, "channelLayer");
    return this;
  }

  /** Sets the default queue (default {@code "default"}); checked by {@link Envelope#checkQueue}. */
  public TaskAppBuilder defaultQueue(String name) {
    this.defaultQueue = Envelope.checkQueue(name);
    return this;
  }

  /** Sets the Jackson mapper for arguments and results (copied; default: a plain mapper). */
  public TaskAppBuilder objectMapper(ObjectMapper value) {
    this.mapper = Objects.requireNonNull(value, "objectMapper");
    return this;
  }

  /** Returns the app. */
  public TaskApp build() {
    return new TaskApp(this);
  }
}
