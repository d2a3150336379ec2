package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code switchboard worker} as a real process: it starts, and SIGTERM runs the warm shutdown. */
@Timeout(60)
class WorkerProcessTest {

  @Test
  void workerStartsAndStopsWarmlyOnSigterm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The CLI's own logging configuration (INFO), not the tests' (WARN).
    String logConfig = Path.of("src", "main", "resources", "logback.xml").toAbsolutePath().toString();
    Process p = new ProcessBuilder(List.of(java, "-Dlogback.configurationFile=" + logConfig,
        "-cp", System.getProperty("java.class.path"),
        SwitchboardCli.class.getName(), "worker", "--app",
        "dev.switchboard.examples.thumbnails.ThumbnailTasks", "--broker", "memory:",
        "--concurrency", "2", "--shutdown-timeout", "5"))
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      } catch (java.io.IOException e) {
        lines.add("output closed: " + e);
      }
    });
    try {
      awaitLine(lines, "ready: tasks [thumbnails.resize]");
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      assertThat(p.exitValue()).isEqualTo(143);
      awaitLine(lines, "all running tasks finished");
    } finally {
      p.destroyForcibly();
    }
  }

  private static void awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        if (line.contains(text)) {
          return;
        }
        seen.append(line).append('\n');
      }
    }
    throw new AssertionError("timed out waiting for '" + text + "' in worker output:\n" + seen);
  }
}
