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
}
