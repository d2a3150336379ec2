package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx run by a test: a server block from the docs (between two markers, its ports
 * replaced by the test) in a temporary prefix, {@code daemon off}, stopped on close.
 */
final class NginxProcess implements AutoCloseable {
  static final Path NGINX = Path.of(System.getenv().getOrDefault("SB_NGINX", "/usr/sbin/nginx"));
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Process nginx;

  private NginxProcess(Process nginx) {
    this.nginx = nginx;
  }

  /** Returns the fenced nginx block of {@code doc} between {@code <!-- marker:start -->} and {@code :end}. */
  static String documented(Path doc, String marker) throws IOException {
    String text = Files.readString(doc);
    String block = text.substring(text.indexOf("<!-- " + marker + ":start -->"), text.indexOf("<!-- " + marker + ":end -->"));
    return block.substring(block.indexOf("```nginx") + "```nginx".length(), block.lastIndexOf("```"));
  }

  /** Runs nginx with {@code site} in its http block and waits until it listens on {@code proxy}. */
  static NginxProcess start(String site, int proxy) throws IOException, InterruptedException {
    assertThat(NGINX).as("nginx (bin/test installs Debian's package)").isExecutable();
    Path dir = Files.createTempDirectory("sb-nginx");
    Files.writeString(dir.resolve("switchboard.conf"), site);
    Files.writeString(
        dir.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            "master_process off;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " warn;",
            "events { worker_connections 256; }",
            "http {",
            "  access_log " + dir.resolve("access.log") + ";",
            "  client_body_temp_path " + dir.resolve("client_body") + ";",
            "  proxy_temp_path " + dir.resolve("proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("scgi") + ";",
            "  include " + dir.resolve("switchboard.conf") + ";",
            "}",
            ""));
    Process nginx =
        new ProcessBuilder(
                NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    NginxProcess started = new NginxProcess(nginx);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      if (!nginx.isAlive()) {
        started.close();
        assertThat(nginx.isAlive())
            .as("nginx running; its log: %s", Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "")
            .isTrue();
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", proxy), 200);
        return started;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          started.close();
        }
        assertThat(System.nanoTime()).as("timed out waiting for nginx to listen on %d", proxy).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy();
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
