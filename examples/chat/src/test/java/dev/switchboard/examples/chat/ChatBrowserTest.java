package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end in real headless Chromium (Debian's, driven by playwright-core): two pages join one
 * room, a message typed in one appears in both, and a page in another room sees nothing. The
 * script is e2e/chat.e2e.mjs; bin/test installs Chromium and the Node modules it needs.
 */
@Timeout(120)
class ChatBrowserTest {
  @Test
  void twoPagesInOneRoomChatAndAThirdRoomSeesNothing() throws Exception {
    Path root = repoRoot();
    Path script = root.resolve("e2e/chat.e2e.mjs");
    assertThat(root.resolve("e2e/node_modules/playwright-core"))
        .as("e2e/node_modules is missing: run bin/test (it runs npm ci in e2e/)")
        .exists();
    assertThat(Path.of("/usr/bin/chromium"))
        .as("Debian's chromium is missing: run bin/test (it installs it)")
        .exists();
    Path screenshot = root.resolve("examples/chat/target/chat-e2e.png");
    try (var layer = new InMemoryChannelLayer();
        SwitchboardServer server = ChatExample.server("127.0.0.1", 0, layer).start()) {
      Process node =
          new ProcessBuilder(
                  "node", script.toString(),
                  "--base", "http://127.0.0.1:" + server.port(),
                  "--screenshot", screenshot.toString(),
                  "--timeout-ms", "60000")
              .redirectErrorStream(true)
              .start();
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
      if (Files.exists(p.resolve("e2e/chat.e2e.mjs")) && Files.exists(p.resolve("mvnw"))) {
        return p;
      }
    }
    throw new IOException("cannot find the repository root (with e2e/chat.e2e.mjs) above " + Path.of("").toAbsolutePath());
  }
}
