package dev.switchboard.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of the test's own (Debian's rabbitmq-server, run in the foreground as a child
 * process) on free ports with its data in a temporary folder, which survives {@link #stop} and
 * {@link #startAgain}: a broker restart that keeps its data. Only this child is ever stopped.
 */
final class RabbitNode implements AutoCloseable {
  private static final String BIN = "/usr/lib/rabbitmq/bin/";
  private final Path dir;
  private final int port;
  private final int distPort;
  private final String node;
  private Process process;

  private RabbitNode(Path dir, int port, int distPort) {
    this.dir = dir;
    this.port = port;
    this.distPort = distPort;
    this.node = "sbtest" + port + "@localhost";
  }

  static RabbitNode start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("sb-rabbit");
    RabbitNode n = new RabbitNode(dir, freePort(), freePort());
    Files.writeString(dir.resolve("rabbitmq.conf"),
        "listeners.tcp.local = 127.0.0.1:" + n.port + "\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    n.startAgain();
    return n;
  }

  String url() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  private ProcessBuilder command(String... cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    return pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
  }

  /** Starts the node (again, with its data) and waits until it answers AMQP. */
  void startAgain() throws IOException, InterruptedException {
    process = command(BIN + "rabbitmq-server").start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("rabbitmq-server exited with " + process.exitValue()
            + ": " + Files.readString(dir.resolve("console.log")));
      }
      if (answers()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("RabbitMQ did not answer on port " + port + " within 90 s");
  }

  private boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("AMQP\0\0\u0009\u0001".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return in.read() == 1; // a method frame: connection.start
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the node cleanly (rabbitmqctl stop) and waits until its process exited. */
  void stop() throws IOException, InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    command(BIN + "rabbitmqctl", "-n", node, "stop").redirectOutput(
        dir.resolve("stop.log").toFile()).start().waitFor(60, TimeUnit.SECONDS);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
