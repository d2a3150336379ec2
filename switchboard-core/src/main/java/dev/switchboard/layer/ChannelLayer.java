package dev.switchboard.layer;

import dev.switchboard.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Messaging between connections and processes: named channels (one receiver each) and groups
 * (sets of channels), with the semantics of the Django Channels layer specification.
 *
 * <ul>
 *   <li>Per-channel FIFO and at-most-once delivery: a message is received by at most one
 *       receiver, and messages sent to one channel by one sender arrive in order.
 *   <li>Expiry: a message not received within {@link LayerConfig#expiry()} (default 60 s) is
 *       discarded.
 *   <li>Capacity: at most {@link #capacity(String)} messages wait per channel (default 100,
 *       overridable per channel-name pattern); {@link #send} past that fails with {@link
 *       ChannelFullException}, while {@link #groupSend} skips full members, counts the drop in
 *       {@link #stats()}, logs it at WARN (rate-limited) and, under {@link Overflow#DISCONNECT},
 *       disconnects the member. Capacity bounds what a consumer's handler must process: ready
 *       frames to WebSocket members are bounded in bytes by the server instead and never dropped
 *       while the socket stays open ({@link dev.switchboard.Connection#offer}).
 *   <li>Group membership expires {@link LayerConfig#groupExpiry()} after the last {@link
 *       #groupAdd} (default 24 h).
 *   <li>Names are checked by {@link Names}; a bad name fails with an {@link
 *       IllegalArgumentException} whose message states the rule.
 * </ul>
 *
 * <p>Messages for a channel that has a process-local {@link #subscribe subscriber} are pushed to
 * it as they arrive: local delivery never polls. Every implementation passes the contract suite
 * {@code ChannelLayerContract} in switchboard-testing unchanged.
 *
 * <p>Methods are thread-safe and never block the caller; results complete when the operation is
 * done.
 */
public interface ChannelLayer extends AutoCloseable {

  /**
   * Sends a message to a channel.
   *
   * <p>Backpressure: completes exceptionally with {@link ChannelFullException} when the channel
   * already holds its capacity of unreceived messages; the message is then not queued.
   *
   * @param channel the channel name ({@link Names#checkChannel})
   * @param message the message
   * @return completes when the message is queued or handed to the channel's subscriber
   * @throws IllegalArgumentException if {@code channel} breaks the naming rule
   */
  CompletableFuture<Void> send(String channel, Message message);

  /**
   * Receives the next message of a channel, waiting (without polling) until one arrives.
   *
   * <p>At most one receive per channel may be waiting at a time for a process-specific channel
   * (one with '!'); for other channels concurrent receivers each get different messages.
   *
   * @param channel the channel name
   * @return completes with the oldest unexpired message
   * @throws IllegalArgumentException if {@code channel} breaks the naming rule
   */
  CompletableFuture<Message> receive(String channel);

  /**
   * Returns a new, unique, process-specific channel name such as {@code
   * "specific.a1b2c3!d4e5f6"}, for a consumer that receives its own messages.
   */
  String newChannel();

  /**
   * Subscribes a process-local receiver to a channel: from now on every message sent to the
   * channel, directly or through a group, is handed to {@code listener} in FIFO order instead
   * of waiting for {@link #receive}. Messages already waiting are handed over first.
   *
   * @param channel a channel created by {@link #newChannel()} in this process
   * @param listener called for each message, on the sender's or the layer's thread; it must not
   *     block, and returns {@code false} when its inbox is full (the message then counts as
   *     refused: {@link ChannelFullException} for a send, a counted drop for a group send)
   * @return a handle whose {@link Subscription#close()} ends the subscription
   * @throws IllegalStateException if the channel already has a subscriber
   */
  Subscription subscribe(String channel, MessageListener listener);

  /**
   * Adds a channel to a group, or renews its membership.
   *
   * @param group the group name ({@link Names#checkGroup})
   * @param channel the channel name
   * @return completes when the membership is recorded
   */
  CompletableFuture<Void> groupAdd(String group, String channel);

  /**
   * Removes a channel from a group; removing a non-member does nothing.
   *
   * @return completes when the membership is gone
   */
  CompletableFuture<Void> groupDiscard(String group, String channel);

  /**
   * Sends a message to every channel in a group.
   *
   * <p>Backpressure: members whose channel is at capacity are skipped; each skip is counted in
   * {@link LayerStats#groupSendDrops()}, logged at WARN at most once per ten seconds with the
   * count, and under {@link Overflow#DISCONNECT} the member is disconnected (a WebSocket with
   * 1013). The result never fails because of a full member.
   *
   * @return completes when the message is queued for every member that had room
   */
  CompletableFuture<Void> groupSend(String group, Message message);

  /**
   * Returns the capacity of a channel: the configured per-pattern override that matches it, or
   * the default.
   */
  int capacity(String channel);

  /** Drops every channel, message and group; for tests and resets. */
  CompletableFuture<Void> flush();

  /** Returns the layer's counters (sent, delivered, drops, expiries). */
  LayerStats stats();

  /** Releases the layer's resources; pending receives fail. */
  @Override
  void close();
}
