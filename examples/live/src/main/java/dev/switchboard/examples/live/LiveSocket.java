package dev.switchboard.examples.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.CloseCodes;
import dev.switchboard.consumer.JsonWebSocketConsumer;
import java.util.List;
import java.util.Map;

/**
 * The socket pool's consumer at {@code /websocket?token=JWT}: a socket with a valid token joins
 * group {@value Publisher#EVERYONE} and its user's private group, and is told {@code {"id":
 * "authenticated", "user"}}; one without is refused with 403 before the upgrade. Information only
 * flows to the page here: a message from the page closes the socket with 1003 (the page talks to
 * the API instead).
 */
final class LiveSocket extends JsonWebSocketConsumer {
  private final LiveTokens tokens;
  private String user;
  private String reason;

  LiveSocket(LiveTokens tokens) {
    this.tokens = tokens;
  }

  /** Runs first, on the handshake: checks the token, and joins groups only for a valid one. */
  @Override
  protected List<String> groups() {
    try {
      user = tokens.verify(scope().queryParam("token"));
    } catch (IllegalArgumentException e) {
      reason = e.getMessage();
      return List.of();
    }
    return List.of(Publisher.EVERYONE, Publisher.userGroup(user));
  }

  @Override
  protected void connect() {
    if (user == null) {
      deny(403, "socket token refused: " + reason);
      return;
    }
    accept();
    sendJson(Map.of("id", "authenticated", "user", user));
  }

  @Override
  protected void receiveJson(JsonNode content) {
    close(CloseCodes.UNSUPPORTED_DATA, "this socket only pushes; send to the API");
  }
}
