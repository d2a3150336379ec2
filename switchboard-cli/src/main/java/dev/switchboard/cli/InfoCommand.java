package dev.switchboard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard info}: prints the Switchboard version and the runtime it runs on, the
 * details a bug report needs.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Prints the Switchboard version and the Java runtime, OS and machine it runs on.")
final class InfoCommand implements Callable<Integer> {

  private static final long MIB = 1024 * 1024;

  @Spec private CommandSpec spec;

  /**
   * Prints one "name value" line per fact to the command's standard output.
   *
   * @return 0
   */
  @Override
  public Integer call() {
    Runtime runtime = Runtime.getRuntime();
    PrintWriter out = spec.commandLine().getOut();
    line(out, "switchboard", VersionProvider.switchboardVersion());
    line(out, "java", VersionProvider.runtimeDescription());
    line(out, "java.home", System.getProperty("java.home"));
    line(
        out,
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    line(out, "cpus", Integer.toString(runtime.availableProcessors()));
    line(out, "max.heap", runtime.maxMemory() / MIB + " MiB");
    out.flush();
    return 0;
  }

  private static void line(PrintWriter out, String name, String value) {
    out.printf("%-12s %s%n", name, value);
  }
}
