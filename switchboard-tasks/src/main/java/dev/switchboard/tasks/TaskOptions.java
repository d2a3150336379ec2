package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a task runs: retries and backoff, rate limit, time limits, default queue and priority.
 * Immutable; built by the lambda passed to {@link TaskApp#task}.
 *
 * <pre>{@code
 * opts -> opts.maxRetries(5).autoretryFor(IOException.class)
 *     .retryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5))
 *     .rateLimit("100/s").softTimeLimit(Duration.ofSeconds(30)).hardTimeLimit(Duration.ofSeconds(40))
 * }</pre>
 *
 * @param maxRetries how many retries at most (default 3); a retry beyond it fails the task
 * @param autoretryFor exception types that cause an automatic retry (subclasses included)
 * @param backoffBase the first retry's ceiling (default 1 s)
 * @param backoffCap the largest ceiling (default 10 min)
 * @param jitter whether the delay is random in [0, ceiling] (full jitter, default) or the ceiling
 * @param rateLimit at most this many starts per worker, or null for no limit
 * @param softTimeLimit after this the task's thread is interrupted, or null
 * @param hardTimeLimit after this the task is failed and abandoned, or null
 * @param queue the queue calls go to unless they say otherwise, or null for the app's default
 * @param priority the priority calls get unless they say otherwise (default 5)
 */
public record TaskOptions(
    int maxRetries,
    List<Class<? extends Throwable>> autoretryFor,
    Duration backoffBase,
    Duration backoffCap,
    boolean jitter,
    @Nullable RateLimit rateLimit,
    @Nullable Duration softTimeLimit,
    @Nullable Duration hardTimeLimit,
    @Nullable String queue,
    int priority) {

  /** The defaults: 3 retries, backoff 1 s doubling to 10 min with full jitter, no limits. */
  public static final TaskOptions DEFAULTS = new Builder().build();

  /** Copies the list. */
  public TaskOptions {
    autoretryFor = List.copyOf(autoretryFor);
  }

  /**
   * Returns the delay before retry number {@code retry} (0 for the first): random between 0 and
   * {@code min(cap, base * 2^retry)} with jitter, the ceiling itself without.
   */
  public Duration backoff(int retry, java.util.random.RandomGenerator random) {
    long cap = backoffCap.toMillis();
    long ceiling = Math.min(cap, backoffBase.toMillis());
    for (int i = 0; i < retry && ceiling < cap; i++) {
      ceiling = Math.min(cap, ceiling * 2);
    }
    return Duration.ofMillis(jitter ? random.nextLong(ceiling + 1) : ceiling);
  }

  /** Returns whether {@code error} is one of the {@link #autoretryFor} types. */
  public boolean autoretries(Throwable error) {
    for (Class<? extends Throwable> t : autoretryFor) {
      if (t.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** Builds {@link TaskOptions}; setters validate their argument. */
  public static final class Builder {
    private int maxRetries = 3;
    private final List<Class<? extends Throwable>> autoretryFor = new ArrayList<>();
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffCap = Duration.ofMinutes(10);
    private boolean jitter = true;
    private @Nullable RateLimit rateLimit;
    private @Nullable Duration softTimeLimit;
    private @Nullable Duration hardTimeLimit;
    private @Nullable String queue;
    private int priority = 5;

    Builder() {}

    /** Sets how many retries at most; 0 disables retries. */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /** Adds exception types that cause an automatic retry with backoff. */
    @SafeVarargs
    public final Builder autoretryFor(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> t : types) {
        autoretryFor.add(Objects.requireNonNull(t, "autoretryFor type"));
      }
      return this;
    }

    /**
     * Sets the exponential backoff: the n-th retry waits up to {@code min(cap, base * 2^n)}.
     *
     * @throws IllegalArgumentException if base is negative or cap is less than base
     */
    public Builder retryBackoff(Duration base, Duration cap) {
      if (base.isNegative() || cap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "retryBackoff needs 0 <= base <= cap: base " + base + ", cap " + cap);
      }
      this.backoffBase = base;
      this.backoffCap = cap;
      return this;
    }

    /** Turns full jitter on (default) or off. */
    public Builder retryJitter(boolean on) {
      this.jitter = on;
      return this;
    }

    /** Limits starts per worker, such as {@code "100/s"}, {@code "10/m"} or {@code "5/h"}. */
    public Builder rateLimit(String limit) {
      this.rateLimit = RateLimit.parse(limit);
      return this;
    }

    /** Interrupts the task's thread after {@code limit}; it sees {@link SoftTimeLimitExceeded}. */
    public Builder softTimeLimit(Duration limit) {
      this.softTimeLimit = positive(limit, "softTimeLimit");
      return this;
    }

    /** Fails the task with {@link TimeLimitExceeded} after {@code limit} and abandons its thread. */
    public Builder hardTimeLimit(Duration limit) {
      this.hardTimeLimit = positive(limit, "hardTimeLimit");
      return this;
    }

    /** Sets the queue calls go to by default. */
    public Builder queue(String name) {
      this.queue = Envelope.checkQueue(name);
      return this;
    }

    /** Sets the default priority, 0-9. */
    public Builder priority(int value) {
      if (value < Envelope.MIN_PRIORITY || value > Envelope.MAX_PRIORITY) {
        throw new IllegalArgumentException("priority must be from 0 to 9: " + value);
      }
      this.priority = value;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException if the hard time limit is not longer than the soft one
     */
    public TaskOptions build() {
      if (softTimeLimit != null && hardTimeLimit != null
          && hardTimeLimit.compareTo(softTimeLimit) <= 0) {
        throw new IllegalArgumentException(
            "hardTimeLimit must be longer than softTimeLimit: hard " + hardTimeLimit
                + ", soft " + softTimeLimit);
      }
      return new TaskOptions(
          maxRetries, autoretryFor, backoffBase, backoffCap, jitter, rateLimit, softTimeLimit,
          hardTimeLimit, queue, priority);
    }
  }
}
