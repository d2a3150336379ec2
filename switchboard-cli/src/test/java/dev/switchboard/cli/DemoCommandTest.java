package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code switchboard demo}: argument checks, and a real run in a child JVM stopped by SIGTERM. */
@Timeout(90)
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
  void demoServesTheChatPagesAndStopsGracefullyOnSigterm() throws Exception {
    int port = DemoProcess.freePort();
    try (DemoProcess demo = DemoProcess.start(port, List.of()).awaitReady()) {
      HttpResponse<String> index =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("room-name-input");
      // SIGTERM runs the shutdown hook: the server stops gracefully and the JVM exits (143).
      assertThat(demo.terminate(Duration.ofSeconds(20))).isIn(0, 143);
      assertThat(demo.output()).contains("stopping: closing sockets with 1001");
    }
  }
}
