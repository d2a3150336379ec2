package dev.switchboard.consumer;

import dev.switchboard.InboundEvent;

/**
 * A consumer of background work sent to a named channel (Channels' {@code runworker}): it has no
 * client, only {@code @OnMessage} handlers. Run it with {@link ChannelWorker}, routed by channel
 * name with {@link dev.switchboard.routing.ChannelNameRouter}.
 *
 * <pre>{@code
 * class Thumbnails extends ChannelConsumer {
 *   @OnMessage("thumbnail.make")
 *   void make(Message m) { ... }
 * }
 * }</pre>
 */
public abstract class ChannelConsumer extends Consumer {
  /** Creates the consumer. */
  protected ChannelConsumer() {}

  @Override
  final void onEvent(InboundEvent event) {
    // A channel scope carries only channel messages, handled by dispatch.
  }
}
