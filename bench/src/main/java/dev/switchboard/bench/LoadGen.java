package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator: drives any server that speaks the chat protocol ({@code
 * ws://host:port/ws/chat/{room}/}, {@code {"message": s}} broadcast to the room, sender included)
 * and prints one JSON line with connections, messages, deliveries, losses, latency
 * percentiles and, given the server's pid, its CPU time per delivery and its memory.
 *
 * <pre>{@code
 * java -cp ... dev.switchboard.bench.LoadGen --port 8001 --rooms 10 --members 100 --senders 1 \
 *     --rate 0 --duration 10 --server-pid 1234
 * java -cp ... dev.switchboard.bench.LoadGen --port 8001 --idle 10000 --members 100 \
 *     --processes 2 --source-ips 127.0.0.1,127.0.0.2 --server-pid 1234 --server-gc
 * java -cp ... dev.switchboard.bench.LoadGen --ports 8001,8002 --rooms 10 --members 100 \
 *     --server-pid 1234 --server-pid 1235 --redis-pid 1200
 * }</pre>
 *
 * <p>Every room's members live in one process, so the latency clock ({@link System#nanoTime()})
 * never crosses processes; {@code --processes N} splits the rooms over N child JVMs (one process
 * may hold at most as many sockets as its open-file limit) and merges their results.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "WebSocket chat load generator; prints one JSON line.")
public final class LoadGen implements Callable<Integer> {
  @Option(names = "--host", description = "Server address (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Server port (required unless --ports is given).")
  int port;

  @Option(
      names = "--ports",
      split = ",",
      description = "Spread every room over these server ports (one per server process):"
          + " member i of room r connects to ports[(r + i) % n], so a room's senders alternate"
          + " too. The first is --port if that is given too.")
  List<Integer> ports;

  @Option(names = "--rooms", description = "Rooms (default: ${DEFAULT-VALUE}).")
  int rooms = 1;

  @Option(names = "--members", description = "Sockets per room (default: ${DEFAULT-VALUE}).")
  int members = 10;

  @Option(names = "--senders", description = "Senders per room (default: ${DEFAULT-VALUE}).")
  int senders = 1;

  @Option(
      names = "--rate",
      description = "Messages/s per sender; 0 = closed loop: send the next when the own previous came back (default: ${DEFAULT-VALUE}).")
  double rate = 0;

  @Option(
      names = "--burst",
      description = "Closed loop: messages a sender sends at once before waiting for the last of"
          + " them to come back (default: ${DEFAULT-VALUE}).")
  int burst = 1;

  @Option(names = "--payload", description = "Message text bytes, at least ~40 (default: ${DEFAULT-VALUE}).")
  int payload = 64;

  @Option(names = "--duration", description = "Measured seconds; in idle mode, seconds to hold (default: ${DEFAULT-VALUE}).")
  double duration = 10;

  @Option(names = "--warmup", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
  double warmup = 3;

  @Option(names = "--drain", description = "After the window, seconds with no delivery before missing ones count as lost (default: ${DEFAULT-VALUE}).")
  double drain = 5;

  @Option(names = "--idle", description = "Only hold N sockets (N/--members rooms), send nothing; report memory per connection.")
  int idle = 0;

  @Option(names = "--source-ips", split = ",", description = "Local addresses to spread sockets over (default: 127.0.0.1).")
  List<String> sourceIps = List.of("127.0.0.1");

  @Option(
      names = "--server-pid",
      description = "Server process to read CPU and RSS of from /proc; repeatable (summed over the processes).")
  List<Long> serverPids;

  @Option(
      names = "--redis-pid",
      description = "Redis server process whose CPU time in the window (from its threads' schedstat, in ns)"
          + " is reported as redis_cpu_s, per delivery and per group send.")
  Long redisPid;

  @Option(
      names = "--server-gc",
      description =
          "Run jcmd GC.run and System.trim_native_heap on the server before each RSS reading.")
  boolean serverGc;

  @Option(names = "--origin", description = "Origin header to send (default: none).")
  String origin;

  @Option(names = "--threads", description = "Client I/O threads per process (default: available cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--connect-concurrency", description = "Handshakes in flight per process (default: ${DEFAULT-VALUE}).")
  int connectConcurrency = 256;

  @Option(names = "--processes", description = "Client processes to split the rooms over (default: ${DEFAULT-VALUE}).")
  int processes = 1;

  @Option(names = "--partition", hidden = true, description = "Child process: its index among --processes.")
  int partition = -1;

  /** Runs the load generator; exits 0 when the run completed (whatever it measured). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGen()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean child = partition >= 0;
    LoadPlan plan = plan(child ? partition : 0, child ? processes : 1);
    if (child) {
      RunResult r = new ClientRun(plan).run(childHooks());
      System.out.println("RESULT " + Report.childLine(r));
      System.out.flush();
      return 0;
    }
    ServerProbe probe = serverPids == null ? null : new ServerProbe(serverPids, serverGc);
    if (spread()) {
      if (processes > 1) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--ports and --redis-pid need --processes 1: " + processes);
      }
      ServerProbe redis = redisPid == null ? null : ServerProbe.perThread(redisPid);
      System.out.println(run(plan, probe, redis));
      return 0;
    }
    if (processes > 1) {
      System.out.println(new MultiProcess(this, plan(0, processes), probe).run());
      return 0;
    }
    System.out.println(run(plan, probe));
    return 0;
  }

  /** Runs {@code plan} in this process and returns the report line; used by tests too. */
  static String run(LoadPlan plan, ServerProbe probe) throws Exception {
    WindowProbe w = new WindowProbe(probe);
    RunResult r = new ClientRun(plan).run(w);
    return Report.line(plan, 1, r, w.result());
  }

  /**
   * Runs {@code plan} in this process, reading the server processes' CPU time with {@code probe}
   * and the Redis server's with {@code redis} (either may be null), and returns the report line
   * with the fields of a spread run (ports, window sends, Redis CPU).
   */
  static String run(LoadPlan plan, ServerProbe probe, ServerProbe redis) throws Exception {
    WindowProbe w = new WindowProbe(probe, redis);
    ClientRun client = new ClientRun(plan);
    RunResult r = client.run(w);
    return Report.line(plan, 1, r, w.result(), new Report.Spread(client.windowSent(), w.redisCpuSeconds()));
  }

  /** Returns whether --ports or --redis-pid was given: the report then holds the spread fields. */
  private boolean spread() {
    return ports != null || redisPid != null;
  }

  /** Returns the validated plan for process {@code index} of {@code count}. */
  LoadPlan plan(int index, int count) {
    List<Integer> p = ports == null || ports.isEmpty() ? null : ports;
    if (p == null && port == 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--port or --ports is required");
    }
    if (p != null && port == 0) {
      port = p.get(0);
    }
    int r = rooms;
    if (idle > 0) {
      if (idle % members != 0) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--idle (" + idle + ") must be a multiple of --members (" + members + ")");
      }
      r = idle / members;
    }
    try {
      return new LoadPlan(host, port, r, members, senders, rate, burst, payload, seconds(warmup),
          seconds(duration), seconds(drain), idle > 0, sourceIps, origin, threads,
          connectConcurrency, index, count, p);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
  }

  /** Returns the command-line arguments of child process {@code index}: these options plus its index. */
  List<String> childArgs(int index) {
    List<String> a = new java.util.ArrayList<>(List.of(
        "--host", host, "--port", Integer.toString(port), "--rooms", Integer.toString(rooms),
        "--members", Integer.toString(members), "--senders", Integer.toString(senders),
        "--rate", Double.toString(rate), "--burst", Integer.toString(burst), "--payload", Integer.toString(payload),
        "--duration", Double.toString(duration), "--warmup", Double.toString(warmup),
        "--drain", Double.toString(drain), "--idle", Integer.toString(idle),
        "--source-ips", String.join(",", sourceIps), "--threads", Integer.toString(threads),
        "--connect-concurrency", Integer.toString(connectConcurrency),
        "--processes", Integer.toString(processes), "--partition", Integer.toString(index)));
    if (origin != null) {
      a.add("--origin");
      a.add(origin);
    }
    return a;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  /** Child process: reports READY after connecting and waits for GO from the parent. */
  private static ClientRun.Hooks childHooks() {
    return new ClientRun.Hooks() {
      @Override
      public void connected(int ok, int failed) throws Exception {
        System.out.println("READY " + ok + " " + failed);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (!"GO".equals(line)) {
          throw new IllegalStateException("expected GO from the parent process, got: " + line);
        }
      }
    };
  }
}
