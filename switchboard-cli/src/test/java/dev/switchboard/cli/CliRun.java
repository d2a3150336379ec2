package dev.switchboard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in process and records what it printed on each stream. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final CommandLine cli = SwitchboardCli.newCommandLine();

  CliRun() {
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
  }

  /** Executes the arguments and returns the exit code. */
  int execute(String... args) {
    return cli.execute(args);
  }
}
