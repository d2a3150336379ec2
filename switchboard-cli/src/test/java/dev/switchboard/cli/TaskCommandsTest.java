package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.tasks.TaskApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(120)
class TaskCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = SwitchboardCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Not a Supplier: refused by --app. */
  public static final class NotAnApp {}

  /** A supplier that returns something else. */
  public static final class WrongSupplier implements Supplier<String> {
    @Override
    public String get() {
      return "no";
    }
  }

  /** A valid app without periodic tasks. */
  public static final class EmptyApp implements Supplier<TaskApp> {
    @Override
    public TaskApp get() {
      return TaskApp.builder().build();
    }
  }

  @Test
  void helpListsTheTaskCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("worker").contains("beat").contains("bench");
  }

  @Test
  void benchTasksPrintsOneJsonLineWithEveryKey() throws Exception {
    int code = run("bench", "tasks", "--broker", "memory:", "--tasks", "500", "--concurrency", "8",
        "--warmup", "0");
    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode j = JsonMapper.builder().build().readTree(lines[0]);
    for (String key : new String[] {"tasks", "tasks_per_s", "start_p50_ms", "start_p99_ms",
        "result_p50_ms", "result_p99_ms", "lost"}) {
      assertThat(j.has(key)).as(key).isTrue();
    }
    assertThat(j.get("tasks").asInt()).isEqualTo(500);
    assertThat(j.get("lost").asInt()).isZero();
    assertThat(j.get("tasks_per_s").asDouble()).isPositive();
  }

  @Test
  void workerRefusesAMissingClassNamingIt() {
    assertThat(run("worker", "--app", "no.such.App")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("class not found").contains("no.such.App");
  }

  @Test
  void workerRefusesAClassThatIsNotASupplier() {
    assertThat(run("worker", "--app", NotAnApp.class.getName())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("must implement java.util.function.Supplier<TaskApp>");
  }

  @Test
  void workerRefusesASupplierOfSomethingElse() {
    assertThat(run("worker", "--app", WrongSupplier.class.getName())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("must return a TaskApp").contains("java.lang.String");
  }

  @Test
  void workerRefusesAnUnknownBrokerScheme() {
    assertThat(run("worker", "--app", EmptyApp.class.getName(), "--broker", "nats://x"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--broker").contains("no task backend for 'nats://x'");
  }

  @Test
  void workerRefusesAnAmqpBrokerWithoutAResultBackend() {
    assertThat(run("worker", "--app", EmptyApp.class.getName(), "--broker", "amqp://127.0.0.1"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--broker").contains("RabbitMQ keeps no task results")
        .contains("?backend=");
    System.clearProperty(dev.switchboard.tasks.Backends.PROPERTY);
  }

  @Test
  void beatWithoutPeriodicTasksSaysSo() {
    assertThat(run("beat", "--app", EmptyApp.class.getName(), "--broker", "memory:")).isEqualTo(1);
    assertThat(err.toString()).contains("declares no periodic tasks");
    System.clearProperty(dev.switchboard.tasks.Backends.PROPERTY);
  }
}
