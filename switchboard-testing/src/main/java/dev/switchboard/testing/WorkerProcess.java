package dev.switchboard.testing;

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
 * A task worker in a child JVM for fault tests: a main class started with this JVM's java and
 * classpath, which prints {@code READY <worker-id>} once consuming (and may print more lines,
 * such as {@code STOPPED clean} after a warm shutdown). Its output lines are recorded; only this
 * child is ever signalled.
 */
public final class WorkerProcess implements AutoCloseable {
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

  /** Starts {@code main} with {@code args} and waits up to 30 s for its READY line. */
  public static WorkerProcess start(Class<?> main, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new WorkerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** Waits for an output line starting with {@code prefix}; fails with what was seen. */
  public String awaitLine(String prefix, int seconds) throws InterruptedException {
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

  /** Returns the worker id the child printed. */
  public String workerId() {
    return workerId;
  }

  /** Returns the child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Waits up to {@code seconds} for the child to exit by itself; returns whether it did. */
  public boolean awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** kill -9: the worker dies holding whatever it holds. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the worker's warm shutdown runs; returns its exit code. */
  public int terminate() throws InterruptedException, IOException {
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
