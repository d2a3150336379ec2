package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one call of a task is sent: when it is due, when it expires, its priority, queue and
 * headers. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * resize.applyAsync(args, CallOptions.builder().countdown(Duration.ofMinutes(5)).priority(8).build());
 * }</pre>
 */
public final class CallOptions {
  /** Options with nothing set: run now, on the task's queue, at the task's priority. */
  public static final CallOptions NONE = builder().build();

  private final @Nullable Duration countdown;
  private final @Nullable Instant eta;
  private final @Nullable Duration expiresIn;
  private final @Nullable Instant expiresAt;
  private final @Nullable Integer priority;
  private final @Nullable String queue;
  private final @Nullable String taskId;
  private final Map<String, String> headers;

  private CallOptions(Builder b) {
    this.countdown = b.countdown;
    this.eta = b.eta;
    this.expiresIn = b.expiresIn;
    this.expiresAt = b.expiresAt;
    this.priority = b.priority;
    this.queue = b.queue;
    this.taskId = b.taskId;
    this.headers = Map.copyOf(b.headers);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns when the call is due, in epoch ms, or 0 for now. */
  long etaMillis(long nowMillis) {
    if (countdown != null) {
      return nowMillis + countdown.toMillis();
    }
    return eta == null ? 0 : eta.toEpochMilli();
  }

  /** Returns after when the call must not start, in epoch ms, or 0 for never. */
  long expiresMillis(long nowMillis) {
    if (expiresIn != null) {
      return nowMillis + expiresIn.toMillis();
    }
    return expiresAt == null ? 0 : expiresAt.toEpochMilli();
  }

  /** Returns the priority, or null for the task's default. */
  public @Nullable Integer priority() {
    return priority;
  }

  /** Returns the queue, or null for the task's default. */
  public @Nullable String queue() {
    return queue;
  }

  /** Returns the task id to use, or null for a random one. */
  public @Nullable String taskId() {
    return taskId;
  }

  /** Returns the headers, unmodifiable. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Builds {@link CallOptions}; every setter validates its argument. */
  public static final class Builder {
    private @Nullable Duration countdown;
    private @Nullable Instant eta;
    private @Nullable Duration expiresIn;
    private @Nullable Instant expiresAt;
    private @Nullable Integer priority;
    private @Nullable String queue;
    private @Nullable String taskId;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /** Runs the task no earlier than {@code delay} from now; replaces any {@link #eta}. */
    public Builder countdown(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("countdown must not be negative: " + delay);
      }
      this.countdown = delay;
      this.eta = null;
      return this;
    }

    /** Runs the task no earlier than {@code at}; replaces any {@link #countdown}. */
    public Builder eta(Instant at) {
      this.eta = Objects.requireNonNull(at, "eta");
      this.countdown = null;
      return this;
    }

    /** Skips the task (marked REVOKED) if it has not started within {@code ttl} from now. */
    public Builder expires(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("expires must be positive: " + ttl);
      }
      this.expiresIn = ttl;
      this.expiresAt = null;
      return this;
    }

    /** Skips the task (marked REVOKED) if it has not started by {@code at}. */
    public Builder expires(Instant at) {
      this.expiresAt = Objects.requireNonNull(at, "expires");
      this.expiresIn = null;
      return this;
    }

    /**
     * Sets the priority: 0 (lowest) to 9 (highest).
     *
     * @throws IllegalArgumentException outside 0-9
     */
    public Builder priority(int value) {
      if (value < Envelope.MIN_PRIORITY || value > Envelope.MAX_PRIORITY) {
        throw new IllegalArgumentException("priority must be from 0 to 9: " + value);
      }
      this.priority = value;
      return this;
    }

    /** Sends to {@code name} instead of the task's queue; checked by {@link Envelope#checkQueue}. */
    public Builder queue(String name) {
      this.queue = Envelope.checkQueue(name);
      return this;
    }

    /**
     * Uses {@code id} as the task id (1 to 100 ASCII letters, digits, '-', '_' or '.').
     *
     * @throws IllegalArgumentException if it breaks that rule
     */
    public Builder taskId(String id) {
      this.taskId = TaskIds.check(id);
      return this;
    }

    /** Adds a header, visible to the task through {@link TaskContext#headers()}. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Returns the options. */
    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
