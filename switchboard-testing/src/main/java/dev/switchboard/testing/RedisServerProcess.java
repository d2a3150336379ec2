package dev.switchboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process of a test, on a free loopback port, without persistence,
 * that the test can stop and start again on the same port (empty, as after a restart without
 * persistence): for fault tests and for tests that need a Redis of their own. Only the process
 * started here is ever stopped.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *   ChannelLayer layer = RedisChannelLayer.builder().uri(redis.uri()).build();
 *   redis.stop();        // the layer sees the outage
 *   redis.startAgain();  // and the reconnect
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServerProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts {@code redis-server} (from the PATH) on a free port and waits until it accepts
   * connections.
   *
   * @throws IllegalStateException if it exits or does not listen within 10 s
   */
  public static RedisServerProcess start() throws IOException, InterruptedException {
    RedisServerProcess server = new RedisServerProcess(freePort(), Files.createTempDirectory("sb-redis"));
    server.startAgain();
    return server;
  }

  /** Returns the server's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Returns the server's URI, {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on the same port and waits until it accepts connections. */
  public void startAgain() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("redis.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("timed out waiting for redis-server to listen on port " + port);
  }

  /** Stops the server (SIGTERM to our own child) and waits until it exited. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the server if it runs. */
  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
