package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.redis.RedisChannelLayer;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code switchboard runworker}: argument checks, and a real worker process on Redis. */
@Timeout(90)
class RunWorkerCommandTest {
  private static final String REDIS = "redis://127.0.0.1:6379";
  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void helpDescribesTheCommandAndExitsZero() {
    assertThat(run("runworker", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: switchboard runworker").contains("CHANNEL");
  }

  @Test
  void noChannelIsAUsageError() {
    assertThat(run("runworker", "--app", EchoChannelApp.class.getName(), "--redis", REDIS))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("CHANNEL");
  }

  @Test
  void withoutASharedLayerItRefusesAndSaysWhy() {
    cli.cli.getSubcommands().get("runworker").<RunWorkerCommand>getCommand().env = Map.of();

    assertThat(run("runworker", "echo", "--app", EchoChannelApp.class.getName()))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("runworker needs a shared channel layer");
  }

  @Test
  void aChannelTheAppDoesNotRouteIsAUsageErrorListingTheRoutes() {
    assertThat(run("runworker", "nosuch", "--app", EchoChannelApp.class.getName(), "--redis", REDIS))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("channel 'nosuch' has no route").contains("[echo]");
  }

  @Test
  void anAppClassOfTheWrongTypeIsAUsageErrorNamingTheRule() {
    assertThat(run("runworker", "echo", "--app", "java.lang.String", "--redis", REDIS))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("must implement java.util.function.Supplier<Application>");
  }

  @Test
  void aWorkerProcessAnswersMessagesSentToItsChannelInOrder() throws Exception {
    String channel = "runworker-test-" + UUID.randomUUID();
    try (DemoProcess worker = DemoProcess.cli(
            List.of(EchoChannelApp.CHANNEL_PROPERTY + "=" + channel),
            List.of("runworker", channel, "--app", EchoChannelApp.class.getName(), "--redis", REDIS),
            0);
        ChannelLayerCloser closer = new ChannelLayerCloser(RedisChannelLayer.builder().uri(REDIS).build())) {
      worker.awaitLine("runworker ready: consuming [" + channel + "]", Duration.ofSeconds(60));
      ChannelLayer layer = closer.layer;
      String replies = layer.newChannel();
      for (int i = 1; i <= 3; i++) {
        layer.send(channel, Message.of("echo.request",
            Map.of("text", "hello " + i, "reply_to", replies))).get(5, TimeUnit.SECONDS);
      }
      for (int i = 1; i <= 3; i++) {
        Message reply = layer.receive(replies).get(20, TimeUnit.SECONDS);
        assertThat(reply.type()).isEqualTo("echo.reply");
        assertThat(reply.getString("text")).isEqualTo("HELLO " + i);
        assertThat(reply.getString("worker")).isEqualTo(channel);
      }
      assertThat(worker.terminate(Duration.ofSeconds(20))).isIn(0, 143);
      assertThat(worker.output()).contains("runworker stopping");
    }
  }

  /** Closes a layer when the test ends. */
  private record ChannelLayerCloser(ChannelLayer layer) implements AutoCloseable {
    @Override
    public void close() {
      layer.close();
    }
  }
}
