package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SwitchboardCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = SwitchboardCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpExitsZeroAndListsEverySubcommand() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("Usage: switchboard")
        .contains("--version")
        .contains("demo")
        .contains("info")
        .contains("help");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionPrintsSwitchboardAndJavaLines() {
    int code = run("-V");

    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("switchboard ");
    assertThat(out.toString()).contains("Java " + Runtime.version());
  }

  @Test
  void noSubcommandPrintsUsageToStderrWithUsageExitCode() {
    int code = run();

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).startsWith("Missing a command.").contains("Usage: switchboard");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unknownOptionIsAUsageErrorNamingTheOption() {
    int code = run("--no-such-option");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void infoPrintsTheRuntimeItRunsOn() {
    int code = run("info");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("switchboard  " + VersionProvider.DEVELOPMENT)
        .contains("java.home    " + System.getProperty("java.home"))
        .contains("cpus         " + Runtime.getRuntime().availableProcessors());
  }

  @Test
  void helpSubcommandShowsTheNamedCommandsUsage() {
    int code = run("help", "info");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: switchboard info");
  }
}
