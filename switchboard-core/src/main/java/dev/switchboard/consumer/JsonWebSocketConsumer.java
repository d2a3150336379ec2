package dev.switchboard.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.CloseCodes;
import dev.switchboard.internal.JsonMappers;

/**
 * A WebSocket consumer that speaks JSON text messages: override {@link #receiveJson} and reply
 * with {@link #sendJson}.
 *
 * <p>Malformed input policy (the default, overridable):
 *
 * <ul>
 *   <li>a text message that is not one well-formed JSON value calls {@link #malformedJson},
 *       which closes <em>this</em> socket with 1007 (invalid payload) and a reason that starts
 *       with {@code "malformed JSON"}; nothing reaches {@link #receiveJson} and no other
 *       connection is affected;
 *   <li>a binary message closes the socket with 1003 (unsupported data).
 * </ul>
 */
public abstract class JsonWebSocketConsumer extends WebSocketConsumer {
  private static final ObjectMapper MAPPER = JsonMappers.builder().build();

  /** Creates the consumer. */
  protected JsonWebSocketConsumer() {}

  /** Called with each JSON message from the client, decoded. The default ignores it. */
  protected void receiveJson(JsonNode content) throws Exception {}

  /**
   * Called when a text message is not well-formed JSON. The default closes the socket with 1007
   * and the reason {@code "malformed JSON: <parser message>"} (cut to fit a close frame).
   *
   * @param text the message as received
   * @param error the parser's complaint
   */
  protected void malformedJson(String text, JsonProcessingException error) throws Exception {
    String detail = error.getOriginalMessage();
    String reason = "malformed JSON: " + (detail == null ? "unreadable" : detail);
    close(CloseCodes.INVALID_PAYLOAD, reason.length() > 100 ? reason.substring(0, 100) : reason);
  }

  /** Returns the mapper used to decode and encode; override to customise. Thread-safe. */
  protected ObjectMapper mapper() {
    return MAPPER;
  }

  /** Sends {@code value} encoded as JSON text. */
  public final void sendJson(Object value) {
    try {
      send(mapper().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value must be serializable to JSON by Jackson: " + value.getClass().getName(), e);
    }
  }

  @Override
  protected final void receive(String text) throws Exception {
    JsonNode content;
    try {
      content = mapper().readTree(text);
    } catch (JsonProcessingException e) {
      malformedJson(text, e);
      return;
    }
    if (content == null || content.isMissingNode()) {
      malformedJson(text, new JsonProcessingException("empty message") {});
      return;
    }
    receiveJson(content);
  }

  /** Closes the socket with 1003: a JSON consumer accepts text only. Override to accept bytes. */
  @Override
  protected void receive(byte[] bytes) throws Exception {
    close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted: send JSON text");
  }
}
