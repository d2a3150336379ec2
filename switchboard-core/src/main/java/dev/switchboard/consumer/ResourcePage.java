package dev.switchboard.consumer;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An HTTP consumer that serves one page loaded from the classpath, for routes static files cannot
 * express (a page whose URL carries a parameter, such as {@code /chat/{room}/}, that its script
 * reads). GET and HEAD get the page; other methods get 405.
 *
 * <pre>{@code
 * .route("/chat/{room}/", ResourcePage.app("com/example/room.html", ResourcePage.HTML))
 * }</pre>
 */
public final class ResourcePage extends HttpConsumer {
  /** Headers for an HTML page that browsers revalidate on every load. */
  public static final Headers HTML =
      Headers.of("content-type", "text/html; charset=utf-8", "cache-control", "no-cache");

  private final byte[] body;
  private final Headers headers;

  private ResourcePage(byte[] body, Headers headers) {
    this.body = body;
    this.headers = headers;
  }

  /**
   * Returns an application serving the resource at {@code path}, read once, now.
   *
   * @param path the resource path on the classpath, without a leading '/'
   * @param headers the response headers (content type, caching)
   * @throws IllegalArgumentException if there is no such resource
   */
  public static Application app(String path, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    byte[] body = load(path);
    return app(() -> new ResourcePage(body, headers));
  }

  @Override
  protected void onRequest(byte[] request) {
    String method = scope().method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      respond(405, "method not allowed\n");
      return;
    }
    respond(200, method.equals("HEAD") ? new byte[0] : body, headers);
  }

  private static byte[] load(String path) {
    Objects.requireNonNull(path, "path");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        (loader != null ? loader : ResourcePage.class.getClassLoader()).getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("path must name a resource on the classpath: '" + path + "'");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
