package dev.switchboard.layer;

/**
 * What a channel layer does with a group message for a member whose channel is full (its
 * capacity of messages waiting for the consumer's handler is reached). Either way the drop is
 * counted ({@link LayerStats#groupSendDrops}) and logged at WARN, at most once per ten seconds
 * per layer with the count since the last report. Ready frames to WebSocket members ({@code
 * websocket.send} that the consumer does not handle) never count against capacity, so they are
 * never dropped this way: see {@link dev.switchboard.Connection#offer}.
 */
public enum Overflow {
  /** Drop the message for that member and go on: Django Channels' behaviour, the default. */
  DROP,

  /**
   * Drop the message and disconnect the member: a WebSocket is closed with 1013 (try again
   * later), so the client learns it missed messages and can reconnect and resynchronise.
   */
  DISCONNECT
}
