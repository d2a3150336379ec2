package dev.switchboard.examples.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end in real headless Chromium (Debian's, driven by playwright-core): the page makes
 * three images, uploads them, sees live progress and a gallery of three thumbnails, then sees a
 * text file refused with 415. The script is e2e/images.e2e.mjs; bin/test installs Chromium and
 * the Node modules it needs.
 */
class ImagesBrowserTest extends ImagesFixture {
  @Test
  void pageUploadsImagesWatchesProgressAndFillsTheGallery() throws Exception {
    start();
    Path root = repoRoot();
    assertThat(root.resolve("e2e/node_modules/playwright-core"))
        .as("e2e/node_modules is missing: run bin/test (it runs npm ci in e2e/)").exists();
    assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium is missing: run bin/test").exists();
    Path screenshot = root.resolve("examples/images/target/images-e2e.png");
    Process node = new ProcessBuilder("node", root.resolve("e2e/images.e2e.mjs").toString(),
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
    assertThat(output).contains("\"ok\":true").contains("\"widths\":[120,600,640]");
    assertThat(screenshot).exists();
  }

  private static Path repoRoot() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("e2e/images.e2e.mjs")) && Files.exists(p.resolve("mvnw"))) {
        return p;
      }
    }
    throw new IOException("cannot find the repository root (with e2e/images.e2e.mjs) above "
        + Path.of("").toAbsolutePath());
  }
}
