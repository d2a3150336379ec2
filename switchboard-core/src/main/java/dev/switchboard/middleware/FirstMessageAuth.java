package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket that brings its token as its first message: accepted at once, given the configured
 * time for a text message holding the token, then handed to the application as if it had just
 * connected, its token in the scope. The application's accept is already done and is dropped; a
 * deny becomes a close with 4403. A wrong token or none in time closes with {@link
 * TokenMiddleware#TOKEN_REFUSED}. Connection-confined: events come one at a time.
 */
final class FirstMessageAuth implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger(FirstMessageAuth.class);

  private final TokenMiddleware owner;
  private final Application app;
  private final Connection connection;
  private final Scope scope;
  private @Nullable ScheduledFuture<?> deadline;
  private @Nullable ConnectionHandler inner;

  FirstMessageAuth(TokenMiddleware owner, Application app, Connection connection, Scope scope) {
    this.owner = owner;
    this.app = app;
    this.connection = connection;
    this.scope = scope;
  }

  @Override
  public void handle(InboundEvent event) throws Exception {
    if (inner != null) {
      inner.handle(event);
      return;
    }
    switch (event) {
      case InboundEvent.WebSocketConnect c -> {
        connection.send(OutboundEvent.WebSocketAccept.PLAIN);
        deadline = owner.timers.schedule(() -> refuse("no token within " + owner.firstMessage),
            owner.firstMessage.toMillis(), TimeUnit.MILLISECONDS);
      }
      case InboundEvent.WebSocketReceive r -> {
        deadline.cancel(false);
        Token token;
        try {
          token = owner.verifier.verify(r.text());
        } catch (InvalidTokenException e) {
          refuse("invalid token: " + e.getMessage());
          return;
        }
        Connection view = connection.withScope(scope.withUser(token), FirstMessageAuth::afterAccept);
        inner = TokenExpiry.watch(owner, view, app.open(view), token);
        inner.handle(InboundEvent.WebSocketConnect.INSTANCE);
      }
      case InboundEvent.WebSocketDisconnect d -> {
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
      default -> {}
    }
  }

  private void refuse(String reason) {
    log.info("conn[{}] closed: {}", connection.id(), reason);
    connection.send(new OutboundEvent.WebSocketClose(TokenMiddleware.TOKEN_REFUSED, reason));
  }

  /** The socket is open already: the application's accept is dropped and a deny closes it. */
  private static OutboundEvent afterAccept(OutboundEvent event) {
    return switch (event) {
      case OutboundEvent.WebSocketAccept a -> null;
      case OutboundEvent.WebSocketDeny d -> new OutboundEvent.WebSocketClose(TokenMiddleware.TOKEN_REFUSED, d.reason());
      default -> event;
    };
  }

  @Override
  public void closed() {
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (inner != null) {
      inner.closed();
    }
  }
}
