package dev.switchboard.testing;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.internal.ConnectionRunner;
import dev.switchboard.layer.ChannelLayer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an HTTP application without a network: sends one request and collects the response,
 * as Channels' {@code HttpCommunicator} does.
 *
 * <pre>{@code
 * HttpCommunicator.Response r = HttpCommunicator.get(app, "/health").response();
 * assertThat(r.status()).isEqualTo(200);
 * }</pre>
 */
public final class HttpCommunicator {
  private final OutboundRecorder recorder = new OutboundRecorder();
  private final ConnectionRunner runner;
  private final byte[] body;
  private boolean sent;

  /**
   * A complete response.
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the whole body
   * @param parts the body parts as the application sent them (for streaming responses)
   */
  public record Response(int status, Headers headers, byte[] body, List<byte[]> parts) {
    /** Returns the body decoded as UTF-8. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private HttpCommunicator(
      Application app, String method, String path, Headers headers, byte[] body,
      @Nullable ChannelLayer layer) {
    this.runner =
        new ConnectionRunner(
            Communicators.scope(Scope.Type.HTTP, method, path, headers, List.of()), app, layer,
            recorder);
    this.body = body;
  }

  /** Returns a communicator for a GET of {@code path}. */
  public static HttpCommunicator get(Application app, String path) {
    return new HttpCommunicator(app, "GET", path, Headers.EMPTY, new byte[0], null);
  }

  /** Returns a communicator for any request. */
  public static HttpCommunicator request(
      Application app, String method, String path, Headers headers, byte[] body,
      @Nullable ChannelLayer layer) {
    return new HttpCommunicator(app, method, path, headers, body, layer);
  }

  /** Sends the request and waits (default 1 s per part) for the complete response. */
  public Response response() {
    return response(Duration.ofSeconds(1));
  }

  /** Sends the request and waits up to {@code timeout} per part for the complete response. */
  public Response response(Duration timeout) {
    if (!sent) {
      sent = true;
      runner.deliver(new InboundEvent.HttpRequest(body, false));
    }
    OutboundEvent first = recorder.next(timeout, "the response start");
    if (!(first instanceof OutboundEvent.HttpResponseStart start)) {
      throw new AssertionError("expected the response start, got " + first);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<byte[]> parts = new ArrayList<>();
    for (; ; ) {
      OutboundEvent e = recorder.next(timeout, "a response body part");
      if (!(e instanceof OutboundEvent.HttpResponseBody b)) {
        throw new AssertionError("expected a response body part, got " + e);
      }
      all.writeBytes(b.body());
      parts.add(b.body());
      if (!b.moreBody()) {
        break;
      }
    }
    runner.deliver(InboundEvent.HttpDisconnect.INSTANCE);
    return new Response(start.status(), start.headers(), all.toByteArray(), List.copyOf(parts));
  }
}
