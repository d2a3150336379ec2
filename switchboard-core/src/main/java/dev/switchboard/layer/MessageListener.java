package dev.switchboard.layer;

import dev.switchboard.Message;

/** Receives the messages of one subscribed channel; see {@link ChannelLayer#subscribe}. */
@FunctionalInterface
public interface MessageListener {

  /**
   * Takes one message. Must not block.
   *
   * @return {@code false} if the receiver's inbox is full and the message was not taken
   */
  boolean offer(Message message);

  /**
   * Told that the layer dropped a message this listener refused, and that its {@link Overflow}
   * policy is {@link Overflow#DISCONNECT}: the receiver should end its connection with a clear
   * code. Called on the sender's thread; must not block. The default does nothing.
   *
   * @param channel the full channel
   * @param capacity its capacity
   */
  default void overflowed(String channel, int capacity) {}
}
