package dev.switchboard.testing;

import dev.switchboard.Application;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link SwitchboardServer} for tests: started on 127.0.0.1 and a free port, with helpers for
 * the URIs of its paths; closing it stops the server gracefully.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(app)) {
 *   WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/chat"));
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
  private final SwitchboardServer server;

  private TestServer(SwitchboardServer server) {
    this.server = server;
  }

  /** Starts a server running {@code application} with default settings. */
  public static TestServer start(Application application) {
    Objects.requireNonNull(application, "application");
    return startWith(cfg -> cfg.application(application));
  }

  /**
   * Starts a server configured by {@code configure}, which must set the application. Host and
   * port are preset to 127.0.0.1 and 0 (a free port); {@code configure} may change them:
   * {@code TestServer.startWith(cfg -> cfg.application(app).maxMessageSize(1024))}.
   */
  public static TestServer startWith(Consumer<ServerConfig.Builder> configure) {
    Objects.requireNonNull(configure, "configure");
    SwitchboardServer server =
        SwitchboardServer.create(
            b -> {
              b.host("127.0.0.1").port(0);
              configure.accept(b);
            });
    return new TestServer(server.start());
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.port();
  }

  /** Returns "ws://127.0.0.1:port" + {@code path}. */
  public URI wsUri(String path) {
    return URI.create("ws://127.0.0.1:" + port() + checkPath(path));
  }

  /** Returns "http://127.0.0.1:port" + {@code path}. */
  public URI httpUri(String path) {
    return URI.create("http://127.0.0.1:" + port() + checkPath(path));
  }

  /** Returns the running server. */
  public SwitchboardServer server() {
    return server;
  }

  /** Stops the server gracefully and waits for it. */
  @Override
  public void close() {
    server.close();
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': '" + path + "'");
    }
    return path;
  }
}
