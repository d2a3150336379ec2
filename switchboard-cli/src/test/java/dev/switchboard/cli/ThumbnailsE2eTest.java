package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.examples.thumbnails.ResizeArgs;
import dev.switchboard.examples.thumbnails.ResizeResult;
import dev.switchboard.examples.thumbnails.ThumbnailTasks;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs e2e/thumbnails.e2e.mjs (headless Chromium through playwright-core) against the demo's
 * routes on a real server with an in-process worker: the page's start button must drive the
 * progress bar to 100% and show the result. Needs node, e2e/node_modules and Chromium, which
 * bin/test installs.
 */
@Timeout(120)
class ThumbnailsE2eTest {
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final TaskApp tasks = TaskApp.builder().channelLayer(layer).build();
  final Task<ResizeArgs, ResizeResult> resize = ThumbnailTasks.register(tasks);
  final Worker worker = Worker.builder(tasks).concurrency(4).build().start();
  final SwitchboardServer server = SwitchboardServer.create(cfg -> cfg.host("127.0.0.1").port(0)
      .application(DemoCommand.application(tasks, resize)).channelLayer(layer)
      .staticResources("/static/", "dev/switchboard/examples/chat/static")).start();

  @AfterEach
  void tearDown() {
    server.close();
    worker.shutdown(Duration.ofSeconds(5));
    tasks.close();
    layer.close();
  }

  @Test
  void browserStartsATaskAndSeesTheBarReachOneHundredPercentAndTheResult() throws Exception {
    Path script = Path.of("..", "e2e", "thumbnails.e2e.mjs").toAbsolutePath().normalize();
    assertThat(script).as("the e2e script").exists();
    assertThat(script.resolveSibling("node_modules").resolve("playwright-core"))
        .as("e2e/node_modules (run bin/test, or npm ci in e2e/)").exists();
    Path out = Files.createTempFile("thumbnails-e2e", ".json");
    Process node = new ProcessBuilder(List.of("node", script.toString(), "--base",
        "http://127.0.0.1:" + server.port(), "--timeout-ms", "60000"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean exited = node.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      node.destroyForcibly();
    }
    String result = read(out);
    assertThat(exited).as("node exited; output: " + result).isTrue();
    assertThat(node.exitValue()).as("e2e exit code; output: " + result).isZero();
    assertThat(result).contains("\"ok\":true").contains("e2e-cat-96.png");
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
