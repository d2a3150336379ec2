package dev.switchboard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command line, main class of the runnable jar.
 *
 * <p>Subcommands are registered in one place: the {@code subcommands} list of the
 * {@link Command} annotation below. A new subcommand is a picocli {@code @Command} class that
 * implements {@link Callable Callable&lt;Integer&gt;} (its exit code) and is added to that list.
 * Run without a subcommand, the tool prints its usage and exits with {@link
 * CommandLine.ExitCode#USAGE}.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Asynchronous web services on the JVM: WebSockets, consumers, channel layers,"
          + " background tasks."
    },
    subcommands = {
      DemoCommand.class,
      WorkerCommand.class,
      RunWorkerCommand.class,
      ChatCommand.class,
      BeatCommand.class,
      BenchCommand.class,
      InfoCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class SwitchboardCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /**
   * Runs the command line and exits the JVM with the command's exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns its exit code without exiting the JVM.
   *
   * @param args the command-line arguments
   * @return 0 on success, 2 for a usage error, otherwise the failing command's code
   */
  public static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  /**
   * Builds the command line with every subcommand registered, ready to {@code execute}.
   *
   * @return a new command line; callers may redirect its output with {@code setOut}/{@code
   *     setErr} before executing it
   */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new SwitchboardCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setExecutionStrategy(SwitchboardCli::refuseUnmatchedThenRun);
    IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> reportParseError(e, args, standard));
    return cli;
  }

  /**
   * Runs the parsed command, but first fails with a usage error for any argument no command
   * matched. Picocli skips that check when {@code --help} is present, so {@code switchboard
   * nosuch --help} would print the root usage and exit 0 as if the command existed.
   */
  private static int refuseUnmatchedThenRun(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (!p.unmatched().isEmpty()) {
        CommandLine cli = p.commandSpec().commandLine();
        try {
          return cli.getParameterExceptionHandler()
              .handleParseException(
                  new UnmatchedArgumentException(cli, p.unmatched()),
                  p.originalArgs().toArray(String[]::new));
        } catch (Exception e) {
          throw new CommandLine.ExecutionException(cli, "reporting unmatched arguments", e);
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /**
   * Reports a word that names no command as "unknown command", with the list of commands, and
   * exit code 2; other parse errors get picocli's message and the command's usage.
   */
  private static int reportParseError(
      ParameterException e, String[] args, IParameterExceptionHandler standard) throws Exception {
    CommandLine cli = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u && cli.getParent() == null
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      cli.getErr().printf("switchboard: unknown command '%s'; the commands are: %s%n"
              + "Run 'switchboard --help' for what each does.%n",
          u.getUnmatched().get(0), String.join(", ", cli.getSubcommands().keySet()));
      cli.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    return standard.handleParseException(e, args);
  }

  /**
   * Called when no subcommand is given: prints the usage to standard error.
   *
   * @return {@link CommandLine.ExitCode#USAGE}
   */
  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    commandLine.getErr().println("Missing a command.");
    commandLine.usage(commandLine.getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
