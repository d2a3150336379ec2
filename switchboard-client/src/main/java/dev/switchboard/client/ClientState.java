package dev.switchboard.client;

/** Where a {@link SwitchboardClient} is in its life. */
public enum ClientState {
  /** Built, {@code connect} not yet called. */
  NEW,
  /** Trying to open its first connection. */
  CONNECTING,
  /** Connected: sends are written as they come. */
  OPEN,
  /** Lost its connection and waiting for or making the next attempt; sends queue up. */
  RECONNECTING,
  /** Stopped for good: closed by its owner or refused by the server. */
  CLOSED
}
