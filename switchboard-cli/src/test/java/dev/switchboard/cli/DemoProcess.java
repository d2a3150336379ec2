package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code switchboard demo} server in a child JVM of the test (the current java binary and
 * the test classpath), so tests can run several server processes, kill one and start it again.
 * Its output lines are recorded; only this child is ever killed.
 */
final class DemoProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();

  private DemoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread.ofVirtual()
        .name("demo-" + port + "-output")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  output.append(line).append('\n');
                  lines.add(line);
                }
              } catch (IOException ended) {
                // the process is gone
              }
            });
  }

  /** Starts {@code switchboard demo --port <port> [--redis <uri>]...} without waiting. */
  static DemoProcess start(int port, List<String> redisUris) throws IOException {
    List<String> args = new ArrayList<>(List.of("demo", "--port", Integer.toString(port)));
    for (String uri : redisUris) {
      args.add("--redis");
      args.add(uri);
    }
    return cli(List.of(), args, port);
  }

  /**
   * Starts {@code switchboard <args>} in a child JVM with the given {@code -D} system properties
   * ("name=value") without waiting; {@code port} only labels its messages.
   */
  static DemoProcess cli(List<String> properties, List<String> args, int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    // the command's own logging configuration (INFO), not the tests' (WARN)
    command.add("-Dlogback.configurationFile=" + DemoProcess.class.getResource("/logback.xml"));
    properties.forEach(p -> command.add("-D" + p));
    command.add("dev.switchboard.cli.SwitchboardCli");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove(DemoCommand.REDIS_ENV);
    return new DemoProcess(pb.start(), port);
  }

  /** Waits for the "chat demo ready" line; fails with the process's output otherwise. */
  DemoProcess awaitReady() throws InterruptedException {
    awaitLine("chat demo ready", Duration.ofSeconds(60));
    return this;
  }

  /** Waits for an output line containing {@code text} and returns it. */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (; ; ) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        return fail("timed out waiting for '" + text + "' from the demo on port " + port + "; output:\n" + output);
      }
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /** Waits for the process to exit by itself and returns its exit code; fails after timeout. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return fail("process on port " + port + " did not exit within " + timeout + "; output:\n" + output);
    }
    return process.exitValue();
  }

  /** Returns the process's standard input, to type into it. */
  java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  int port() {
    return port;
  }

  /** Returns the WebSocket URI of a chat room on this process. */
  URI room(String room) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/chat/" + room + "/");
  }

  /** Kills the process at once, as a crash would (SIGKILL), and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Returns everything the process printed so far. */
  String output() {
    return output.toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  /** Stops the process with SIGTERM, as Ctrl-C or a service manager would; returns its exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    // Signalled by pid: Process.destroy() would also close our end of its output at once, and
    // the lines its shutdown hook prints (what the tests check) would be lost.
    try {
      new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      process.destroy();
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return fail("the demo on port " + port + " did not exit within " + timeout + "; output:\n" + output);
    }
    return process.exitValue();
  }

  /** Returns a free port on the loopback interface. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
