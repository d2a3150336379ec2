package dev.switchboard.redis.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerMain} child JVM started with this JVM's java and the test classpath. Its output
 * lines are recorded; only this child is ever signalled.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final String workerId;

  private WorkerProcess(Process process) throws InterruptedException {
    this.process = process;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("output closed: " + e);
      }
    });
    String ready = awaitLine("READY ", 30);
    this.workerId = ready.substring("READY ".length());
  }

  static WorkerProcess start(String uri, String prefix, int concurrency)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName(), uri, prefix, Integer.toString(concurrency));
    return new WorkerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** Waits for an output line starting with {@code prefix}; fails with what was seen. */
  String awaitLine(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
        continue;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("timed out waiting for worker output '" + prefix + "'; saw:\n" + seen);
  }

  String workerId() {
    return workerId;
  }

  long pid() {
    return process.pid();
  }

  /** kill -9: the worker dies holding whatever it holds. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the worker's warm shutdown runs; returns its exit code. */
  int terminate() throws InterruptedException, IOException {
    // Process.destroy() would also close our end of its output; signal it by pid instead.
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("worker did not exit within 30 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
