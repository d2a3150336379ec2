package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code switchboard demo}: argument checks, and a real run in a child JVM stopped by SIGTERM. */
@Timeout(60)
class DemoCommandTest {
  @Test
  void anOutOfRangePortIsAUsageErrorNamingTheRule() {
    StringWriter err = new StringWriter();
    CommandLine cli = SwitchboardCli.newCommandLine();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("demo", "--port", "70000")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--port must be from 0 to 65535: 70000");
  }

  @Test
  void demoServesTheChatAndStopsGracefullyOnSigterm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.cli.SwitchboardCli", "demo", "--port", "0")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      Pattern ready = Pattern.compile("chat demo ready: (http://127\\.0\\.0\\.1:\\d+/)");
      StringBuilder seen = new StringBuilder();
      // Read on another thread: a blocking readLine would ignore the test's timeout.
      CompletableFuture<String> found =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                      return m.group(1);
                    }
                  }
                  return null;
                } catch (java.io.IOException e) {
                  return null;
                }
              });
      String base = found.get(30, TimeUnit.SECONDS);
      assertThat(base).as("demo output: %s", seen).isNotNull();
      HttpResponse<String> index =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("room-name-input");
      demo.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
      assertThat(demo.waitFor(20, TimeUnit.SECONDS)).as("demo exited after SIGTERM").isTrue();
      assertThat(demo.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
    } finally {
      demo.destroyForcibly();
    }
  }
}
