package dev.switchboard.examples.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end in real headless Chromium (Debian's, driven by playwright-core): two pages on the
 * example, metrics drawn live, a post from one page in the other's feed, and no polling. The
 * script is e2e/live.e2e.mjs; bin/test installs Chromium and the Node modules it needs.
 */
@Timeout(120)
class LiveBrowserTest {
  @Test
  void twoPagesSeeTheChartFillAndEachOthersPostsWithoutPolling() throws Exception {
    Path root = repoRoot();
    assertThat(root.resolve("e2e/node_modules/playwright-core"))
        .as("e2e/node_modules is missing: run bin/test (it runs npm ci in e2e/)").exists();
    assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium is missing: run bin/test").exists();
    Path screenshot = root.resolve("examples/live/target/live-e2e.png");
    LiveTokens tokens = new LiveTokens(LiveTokens.randomSecret(), Duration.ofMinutes(5), Clock.systemUTC());
    try (InMemoryChannelLayer layer = new InMemoryChannelLayer();
        TestServer server = TestServer.startWith(cfg -> cfg
            .application(LiveExample.both(tokens, new Publisher(layer))).channelLayer(layer));
        Sampler sampler = Sampler.start(new Publisher(layer), "test", Duration.ofMillis(300))) {
      Process node = new ProcessBuilder("node", root.resolve("e2e/live.e2e.mjs").toString(),
              "--base", "http://127.0.0.1:" + server.port(), "--screenshot", screenshot.toString(),
              "--timeout-ms", "60000")
          .redirectErrorStream(true).start();
      boolean done = node.waitFor(90, TimeUnit.SECONDS);
      if (!done) {
        node.destroyForcibly();
      }
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as("the browser script ended within 90 s; output: %s", output).isTrue();
      assertThat(node.exitValue()).as("browser script output: %s", output).isZero();
      assertThat(output).contains("\"ok\":true");
      assertThat(screenshot).exists();
    }
  }

  private static Path repoRoot() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("e2e/live.e2e.mjs")) && Files.exists(p.resolve("mvnw"))) {
        return p;
      }
    }
    throw new IOException("cannot find the repository root (with e2e/live.e2e.mjs) above "
        + Path.of("").toAbsolutePath());
  }
}
