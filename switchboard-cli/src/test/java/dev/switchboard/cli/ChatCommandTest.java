package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.Backoff;
import dev.switchboard.client.SwitchboardClient;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code switchboard chat} against the real demo in a child JVM: the terminal client driven
 * through its standard input, the bot through a room member, and a demo restart in between.
 */
@Timeout(120)
class ChatCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** A child JVM's start, which a loaded CI machine can stretch. */
  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void aUrlThatIsNoRoomIsAUsageErrorNamingTheForms() {
    CliRun run = new CliRun();
    assertThat(run.execute("chat", "http://127.0.0.1:8000/")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err.toString()).contains("URL: expected a room's page");
  }

  @Test
  void everyWithoutBotIsAUsageError() {
    CliRun run = new CliRun();
    assertThat(run.execute("chat", "ws://127.0.0.1:1/ws/chat/a/", "--every", "5"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err.toString()).contains("--every only applies with --bot");
  }

  @Test
  void terminalClientPrintsSenderAndTimeAndSurvivesADemoRestart() throws Exception {
    int port = DemoProcess.freePort();
    DemoProcess demo = DemoProcess.start(port, List.of()).awaitReady();
    String room = "http://127.0.0.1:" + port + "/chat/term/";
    try (DemoProcess alice = DemoProcess.cli(List.of(), List.of("chat", room, "--name", "alice"), port);
        SwitchboardClient bob = member(port, "term")) {
      alice.awaitLine("*** connected to ws://127.0.0.1:" + port + "/ws/chat/term/", START);
      type(alice, "hello from the terminal");
      assertThat(nextFrom(bob, "alice").get("message").asText()).isEqualTo("hello from the terminal");
      bob.sendJson(Map.of("message", "hi alice", "user", "bob"));
      assertThat(alice.awaitLine("bob: hi alice", WAIT)).matches("\\d\\d:\\d\\d:\\d\\d bob: hi alice");

      assertThat(demo.terminate(WAIT)).isIn(0, 143);
      assertThat(alice.awaitLine("*** closed by the server with 1001", WAIT)).contains("retrying in");
      type(alice, "typed while the server was down");
      demo = DemoProcess.start(port, List.of()).awaitReady();

      alice.awaitLine("*** reconnected", START);
      assertThat(nextFrom(bob, "alice").get("message").asText()).isEqualTo("typed while the server was down");
      alice.stdin().close(); // end of input: the client leaves
      assertThat(alice.awaitExit(WAIT)).isZero();
    } finally {
      demo.close();
    }
  }

  @Test
  void botAnswersCommandsAndQuestionsAndPostsOnItsSchedule() throws Exception {
    int port = DemoProcess.freePort();
    try (DemoProcess demo = DemoProcess.start(port, List.of()).awaitReady();
        DemoProcess bot = DemoProcess.cli(List.of(), List.of("chat",
            "ws://127.0.0.1:" + port + "/ws/chat/bots/", "--bot", "--every", "1"), port);
        SwitchboardClient ann = member(port, "bots")) {
      bot.awaitLine("*** connected", START);
      assertThat(nextFrom(ann, "bot").get("message").asText()).isEqualTo("Ask me a question.");

      assertThat(ask(ann, "/time")).matches("time: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(ask(ann, "/echo ping")).isEqualTo("ping");
      assertThat(ask(ann, "/roll 2d6")).matches("ann rolled 2d6: [1-6] \\+ [1-6] = \\d+");
      ann.sendJson(Map.of("message", "no question here", "user", "ann"));
      assertThat(ask(ann, "will it rain?")).as("the statement got no answer; the question did")
          .isEqualTo("No.");
    }
  }

  /** Sends {@code text} as ann and returns the bot's next line that is not its scheduled one. */
  private static String ask(SwitchboardClient ann, String text) throws InterruptedException {
    ann.sendJson(Map.of("message", text, "user", "ann"));
    for (;;) {
      String line = nextFrom(ann, "bot").get("message").asText();
      if (!line.equals("Ask me a question.")) {
        return line;
      }
    }
  }

  /** A room member on the Java client, reconnecting quickly. */
  private static SwitchboardClient member(int port, String room) throws Exception {
    SwitchboardClient c = SwitchboardClient.builder(java.net.URI.create(
            "ws://127.0.0.1:" + port + "/ws/chat/" + room + "/"))
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build();
    c.connect(WAIT);
    return c;
  }

  /** Returns the next message sent by {@code user}, skipping others; fails after the wait. */
  private static JsonNode nextFrom(SwitchboardClient c, String user) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = c.receiveJson(Duration.ofNanos(deadline - System.nanoTime()));
      if (m != null && user.equals(m.path("user").asText(null))) {
        return m;
      }
    }
    throw new AssertionError("timed out waiting for a message from " + user);
  }

  private static void type(DemoProcess p, String line) throws java.io.IOException {
    OutputStream in = p.stdin();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }
}
