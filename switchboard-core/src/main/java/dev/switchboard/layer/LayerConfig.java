package dev.switchboard.layer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings shared by channel layer implementations: message expiry, group expiry,
 * default capacity, per-channel-pattern capacity overrides and the {@link Overflow} policy for
 * full members.
 */
public final class LayerConfig {
  /** The defaults: expiry 60 s, group expiry 24 h, capacity 100, no overrides, overflow DROP. */
  public static final LayerConfig DEFAULTS = builder().build();

  private final Duration expiry;
  private final Duration groupExpiry;
  private final int capacity;
  private final Overflow overflow;
  private final Map<Pattern, Integer> channelCapacity;

  private LayerConfig(Builder b) {
    this.expiry = b.expiry;
    this.groupExpiry = b.groupExpiry;
    this.capacity = b.capacity;
    this.overflow = b.overflow;
    // insertion order matters: the first matching pattern wins
    this.channelCapacity = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.channelCapacity));
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a message may wait for a receiver before it is discarded. */
  public Duration expiry() {
    return expiry;
  }

  /** How long a group membership lasts after its last {@code groupAdd}. */
  public Duration groupExpiry() {
    return groupExpiry;
  }

  /** The default capacity of a channel. */
  public int capacity() {
    return capacity;
  }

  /** What a group send does for a member whose channel is full; {@link Overflow#DROP} by default. */
  public Overflow overflow() {
    return overflow;
  }

  /**
   * Returns the capacity for {@code channel}: the override of the first pattern (in insertion
   * order) that matches the whole name, else the default.
   */
  public int capacityOf(String channel) {
    for (Map.Entry<Pattern, Integer> e : channelCapacity.entrySet()) {
      if (e.getKey().matcher(channel).matches()) {
        return e.getValue();
      }
    }
    return capacity;
  }

  /** Builds a {@link LayerConfig}; every setter validates its argument. */
  public static final class Builder {
    private Duration expiry = Duration.ofSeconds(60);
    private Duration groupExpiry = Duration.ofHours(24);
    private int capacity = 100;
    private Overflow overflow = Overflow.DROP;
    private final Map<Pattern, Integer> channelCapacity = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the message expiry.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder expiry(Duration expiry) {
      this.expiry = positive(expiry, "expiry");
      return this;
    }

    /**
     * Sets the group membership expiry.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder groupExpiry(Duration groupExpiry) {
      this.groupExpiry = positive(groupExpiry, "groupExpiry");
      return this;
    }

    /**
     * Sets the default channel capacity.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder capacity(int capacity) {
      this.capacity = atLeastOne(capacity, "capacity");
      return this;
    }

    /**
     * Sets what a group send does for a member whose channel is full: drop the message for it
     * (the default, as Django Channels does) or drop it and disconnect the member. Either way the
     * drop is counted and logged.
     */
    public Builder overflow(Overflow overflow) {
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /**
     * Overrides the capacity of channels whose whole name matches {@code regex}; the first added
     * pattern that matches wins.
     *
     * @throws IllegalArgumentException if the regex is invalid or the capacity less than 1
     */
    public Builder channelCapacity(String regex, int capacity) {
      Objects.requireNonNull(regex, "regex");
      Pattern p;
      try {
        p = Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "channelCapacity regex must be a valid regular expression: '" + regex + "'", e);
      }
      channelCapacity.put(p, atLeastOne(capacity, "channelCapacity for '" + regex + "'"));
      return this;
    }

    /** Returns the immutable configuration. */
    public LayerConfig build() {
      return new LayerConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static int atLeastOne(int n, String name) {
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + n);
      }
      return n;
    }
  }
}
