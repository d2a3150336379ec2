package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** What a new user meets first: mistakes get one clear line and the right exit code. */
@Timeout(60)
class FirstContactTest {
  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void anUnknownCommandWithHelpIsAUsageErrorNamingIt() {
    assertThat(run("nosuch", "--help")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).startsWith("switchboard: unknown command 'nosuch'")
        .contains("demo, worker");
    assertThat(out.toString()).as("no usage on stdout as if it succeeded").isEmpty();
  }

  @Test
  void anUnknownCommandIsAUsageErrorNamingIt() {
    assertThat(run("runserver")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).startsWith("switchboard: unknown command 'runserver'");
  }

  @Test
  void anExtraArgumentWithHelpOnASubcommandIsAUsageError() {
    assertThat(run("info", "extra", "--help")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'extra'");
  }

  @Test
  void noWorkerWithTheInMemoryBrokerIsRefusedWithTheReason() {
    assertThat(run("demo", "--no-worker", "--port", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).startsWith("--no-worker needs a shared broker")
        .contains("--broker redis://");
  }

  @Test
  void aPortInUseIsOneLineWithoutAStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = run("demo", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString().lines()).hasSize(1).first().asString()
          .startsWith("switchboard demo: cannot bind 127.0.0.1:" + taken.getLocalPort())
          .contains("ddress already in use")
          .contains("--port");
    }
  }

  @Test
  void aHostThatDoesNotResolveIsOneLine() {
    assertThat(run("demo", "--host", "nosuch.invalid", "--port", "0")).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(1).first().asString()
        .startsWith("switchboard demo: cannot bind nosuch.invalid:0")
        .contains("does not resolve");
  }

  @Test
  void anUnreachableRedisBrokerIsOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    int code = run("demo", "--port", "0", "--broker", "redis://127.0.0.1:" + closedPort);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(1).first().asString()
        .startsWith("switchboard demo: ")
        .contains("127.0.0.1")
        .contains("is the server running");
  }
}
