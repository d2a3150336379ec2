package dev.switchboard.routing;

import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler that refuses a connection with an HTTP status: WebSocket handshakes are denied, HTTP
 * requests get a plain-text response, channel messages are logged and dropped. Used by routers
 * and middleware.
 */
public final class Rejection implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger(Rejection.class);

  private final Connection connection;
  private final int status;
  private final String reason;
  private boolean answered;

  private Rejection(Connection connection, int status, String reason) {
    this.connection = connection;
    this.status = status;
    this.reason = reason;
  }

  /**
   * Returns a handler that refuses {@code connection} with {@code status} and {@code reason}.
   *
   * @param status an HTTP status from 400 to 599
   */
  public static ConnectionHandler of(Connection connection, int status, String reason) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be from 400 to 599: " + status);
    }
    return new Rejection(connection, status, reason);
  }

  @Override
  public void handle(InboundEvent event) {
    if (answered) {
      return;
    }
    switch (event) {
      case InboundEvent.WebSocketConnect c -> {
        answered = true;
        connection.send(new OutboundEvent.WebSocketDeny(status, reason));
      }
      case InboundEvent.HttpRequest r -> {
        if (!r.moreBody()) {
          answered = true;
          byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
          connection.send(
              new OutboundEvent.HttpResponseStart(
                  status,
                  Headers.of(
                      "content-type", "text/plain; charset=utf-8",
                      "content-length", Integer.toString(body.length))));
          connection.send(new OutboundEvent.HttpResponseBody(body, false));
        }
      }
      case InboundEvent.ChannelMessage m ->
          log.warn("conn[{}] dropped {}: {}", connection.id(), m.message(), reason);
      default -> {}
    }
  }
}
