package dev.switchboard.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.internal.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A consumer of one HTTP request: override {@link #onRequest(byte[])} and answer with {@link
 * #respond} (whole response) or {@link #startResponse} + {@link #sendBody} (streaming, as for
 * server-sent events or long-poll).
 *
 * <p>The request body arrives whole (the server limits its size). A consumer that declares
 * channel message handlers joins the layer before {@link #onRequest} runs, so a streaming
 * response can forward messages as they come: keep the response open with {@code
 * sendBody(bytes, true)} and finish with {@code sendBody(bytes, false)}.
 */
public abstract class HttpConsumer extends Consumer {
  private static final JsonMapper JSON = JsonMappers.builder().build();

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean started;
  private boolean finished;

  /** Creates the consumer. */
  protected HttpConsumer() {}

  /**
   * Called once with the whole request body. The default answers 405 Method Not Allowed.
   *
   * @param body the request body, possibly empty
   */
  protected void onRequest(byte[] body) throws Exception {
    respond(405, "method not allowed\n");
  }

  /** Called when the client went away or the response is complete. The default does nothing. */
  protected void disconnect() throws Exception {}

  /** Sends a whole text/plain UTF-8 response. */
  public final void respond(int status, String text) {
    respond(
        status,
        text.getBytes(StandardCharsets.UTF_8),
        Headers.of("content-type", "text/plain; charset=utf-8"));
  }

  /** Sends a whole response with the given body and headers. */
  public final void respond(int status, byte[] body, Headers headers) {
    Headers h =
        headers.contains("content-length")
            ? headers
            : headers.toBuilder().set("content-length", Integer.toString(body.length)).build();
    startResponse(status, h);
    sendBody(body, false);
  }

  /** Sends a whole application/json response with {@code value} encoded by Jackson. */
  public final void respondJson(int status, Object value) {
    try {
      respond(status, JSON.writeValueAsBytes(value), Headers.of("content-type", "application/json"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value must be serializable to JSON by Jackson: " + value.getClass().getName(), e);
    }
  }

  /**
   * Starts a response; follow with {@link #sendBody}.
   *
   * @throws IllegalStateException if a response was already started
   */
  public final void startResponse(int status, Headers headers) {
    if (started) {
      throw new IllegalStateException("response already started");
    }
    started = true;
    connection().send(new OutboundEvent.HttpResponseStart(status, headers));
  }

  /**
   * Sends a part of the response body; {@code more} false completes the response.
   *
   * @throws IllegalStateException if no response was started or it is already complete
   */
  public final void sendBody(byte[] bytes, boolean more) {
    if (!started || finished) {
      throw new IllegalStateException(
          started ? "response already complete" : "call startResponse before sendBody");
    }
    finished = !more;
    connection().send(new OutboundEvent.HttpResponseBody(bytes, more));
  }

  @Override
  final void onEvent(InboundEvent event) throws Exception {
    switch (event) {
      case InboundEvent.HttpRequest r -> {
        body.write(r.body());
        if (!r.moreBody()) {
          if (hasMessageHandlers()) {
            joinLayer();
          }
          onRequest(body.toByteArray());
        }
      }
      case InboundEvent.HttpDisconnect d -> {
        try {
          leaveGroups();
        } finally {
          disconnect();
        }
      }
      default -> {
        // WebSocket events never reach an HTTP consumer; routers keep protocols apart
      }
    }
  }
}
