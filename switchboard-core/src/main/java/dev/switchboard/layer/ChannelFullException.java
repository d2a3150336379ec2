package dev.switchboard.layer;

/** A send found the channel holding its full capacity of unreceived messages. */
public final class ChannelFullException extends RuntimeException {
  private final String channel;
  private final int capacity;

  /** Creates the exception for {@code channel} at {@code capacity}. */
  public ChannelFullException(String channel, int capacity) {
    super("channel '" + channel + "' is full: " + capacity + " messages are waiting (capacity)");
    this.channel = channel;
    this.capacity = capacity;
  }

  /** Returns the channel that was full. */
  public String channel() {
    return channel;
  }

  /** Returns the channel's capacity. */
  public int capacity() {
    return capacity;
  }
}
