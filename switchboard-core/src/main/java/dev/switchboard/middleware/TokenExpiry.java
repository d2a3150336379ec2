package dev.switchboard.middleware;

import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a WebSocket with {@link TokenMiddleware#TOKEN_EXPIRED} when its token's {@code exp}
 * passes, and otherwise hands every event to the application's handler unchanged. The timer is
 * cancelled when the socket disconnects.
 */
final class TokenExpiry implements ConnectionHandler {
  private final ConnectionHandler inner;
  private final ScheduledFuture<?> timer;

  private TokenExpiry(ConnectionHandler inner, ScheduledFuture<?> timer) {
    this.inner = inner;
    this.timer = timer;
  }

  /** Returns {@code inner}, closed with 4401 on {@code connection} once {@code token} expires. */
  static ConnectionHandler watch(TokenMiddleware owner, Connection connection, ConnectionHandler inner, Token token) {
    long millis = Math.max(0, Duration.between(Instant.now(), token.expiresAt()).toMillis());
    ScheduledFuture<?> timer = owner.timers.schedule(
        () -> connection.send(new OutboundEvent.WebSocketClose(TokenMiddleware.TOKEN_EXPIRED, "token expired")),
        millis, TimeUnit.MILLISECONDS);
    return new TokenExpiry(inner, timer);
  }

  @Override
  public void handle(InboundEvent event) throws Exception {
    if (event instanceof InboundEvent.WebSocketDisconnect) {
      timer.cancel(false);
    }
    inner.handle(event);
  }

  @Override
  public boolean handles(String messageType) {
    return inner.handles(messageType);
  }

  @Override
  public boolean nonBlocking() {
    return inner.nonBlocking();
  }

  @Override
  public void closed() {
    timer.cancel(false);
    inner.closed();
  }
}
