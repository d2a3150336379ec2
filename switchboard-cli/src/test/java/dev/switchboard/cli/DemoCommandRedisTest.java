package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** How {@code switchboard demo} picks its channel layer: --redis, else the environment. */
@Timeout(60)
class DemoCommandRedisTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = SwitchboardCli.newCommandLine();
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void redisUrisComeFromRepeatedOptionsElseTheCommaSeparatedEnvironment() {
    DemoCommand options = new DemoCommand();
    new CommandLine(options).parseArgs("--redis", "redis://a:1", "--redis", "redis://b:2");
    options.env = Map.of(DemoCommand.REDIS_ENV, "redis://ignored:3");
    assertThat(options.redisUris()).containsExactly("redis://a:1", "redis://b:2");

    DemoCommand fromEnv = new DemoCommand();
    new CommandLine(fromEnv).parseArgs();
    fromEnv.env = Map.of(DemoCommand.REDIS_ENV, " redis://a:1 , redis://b:2,");
    assertThat(fromEnv.redisUris()).containsExactly("redis://a:1", "redis://b:2");

    DemoCommand inMemory = new DemoCommand();
    new CommandLine(inMemory).parseArgs();
    inMemory.env = Map.of();
    assertThat(inMemory.redisUris()).isEmpty();
  }

  @Test
  void aMalformedRedisUriIsAUsageErrorThatStatesTheRule() {
    int code = run("demo", "--port", "0", "--redis", "http://127.0.0.1:6379");
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--redis: uris[0] must be a URI like redis://host:6379");
  }

  @Test
  void anUnreachableRedisStopsTheDemoWithExitCodeOne() throws Exception {
    int code = run("demo", "--port", "0", "--redis", "redis://127.0.0.1:" + DemoProcess.freePort());
    assertThat(code).isEqualTo(1);
  }

  @Test
  void helpNamesTheRedisOptionAndVariable() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = SwitchboardCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    assertThat(commandLine.execute("demo", "--help")).isZero();
    assertThat(out.toString()).contains("--redis=URI", DemoCommand.REDIS_ENV);
    assertThat(List.of(out.toString().split("\n"))).anyMatch(l -> l.contains("repeat for shards"));
  }
}
