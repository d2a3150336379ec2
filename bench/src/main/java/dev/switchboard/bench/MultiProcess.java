package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a load split over several child JVMs (rooms r with r % N == i go to child i) and merges
 * their results: the children connect and report READY, this process reads the server's memory,
 * sends GO to all of them at once, reads the server's CPU time at the window's edges on the same
 * schedule as the children, and adds up their RESULT lines.
 *
 * <p>Children run the same java, JVM options and class path as this process and inherit its CPU
 * affinity; their standard error passes through. Every wait is bounded; on failure the children
 * this process started are destroyed.
 */
final class MultiProcess {
  private record Line(int child, String text) {}

  private final LoadGen options;
  private final LoadPlan plan;
  private final ServerProbe probe;

  MultiProcess(LoadGen options, LoadPlan plan, ServerProbe probe) {
    this.options = options;
    this.plan = plan;
    this.probe = probe;
  }

  /** Runs the children and returns the merged report line. */
  String run() throws Exception {
    int n = plan.processCount();
    List<Process> children = new ArrayList<>();
    BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    Long rssBefore = probe == null ? null : probe.rssKib();
    try {
      for (int i = 0; i < n; i++) {
        Process p = new ProcessBuilder(command(i)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        int child = i;
        Thread.ofPlatform().daemon().name("loadgen-child-" + i).start(() -> pump(p, child, lines));
      }
      // Connecting 10,000 sockets takes seconds; allow generously, but not forever.
      long connectBudget = 60_000 + plan.members() * (long) plan.rooms() * 5;
      waitFor(lines, n, "READY", connectBudget);
      Long rssAfter = null;
      for (Process p : children) {
        OutputStream in = p.getOutputStream();
        in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
      }
      Double cpu = null;
      if (!plan.idle()) {
        Thread.sleep(plan.warmup().toMillis());
      }
      Double user = null;
      ServerProbe.CpuTimes cpuStart = probe == null ? null : probe.cpuTimes();
      Thread.sleep(plan.duration().toMillis());
      if (probe != null) {
        ServerProbe.CpuTimes window = probe.cpuTimes().since(cpuStart);
        cpu = window.total();
        user = window.user();
        // Idle: at the end of the hold, so the reading is of sockets in their steady state (past
        // a heartbeat round), not of the connection storm's leftovers.
        rssAfter = probe.rssKib();
      }
      List<String> results =
          waitFor(lines, n, "RESULT", Math.max(30_000, 6 * plan.drain().toMillis()) + 60_000);
      RunResult sum = null;
      for (String r : results) {
        RunResult one = Report.parseChild(r);
        sum = sum == null ? one : sum.plus(one);
      }
      for (Process p : children) {
        p.waitFor(10, TimeUnit.SECONDS);
      }
      return Report.line(plan, n, sum, new Report.Server(cpu, user, rssBefore, rssAfter));
    } finally {
      for (Process p : children) {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }
  }

  private List<String> command(int index) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + "/bin/java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoadGen.class.getName());
    cmd.addAll(options.childArgs(index));
    return cmd;
  }

  private static void pump(Process p, int child, BlockingQueue<Line> lines) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(new Line(child, line));
      }
    } catch (IOException e) {
      lines.add(new Line(child, "FAILED " + e));
    }
    lines.add(new Line(child, "EXIT"));
  }

  /** Waits for one line starting with {@code word} from each child; returns their remainders. */
  private static List<String> waitFor(BlockingQueue<Line> lines, int n, String word, long millis)
      throws InterruptedException {
    String[] got = new String[n];
    int count = 0;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (count < n) {
      long left = deadline - System.nanoTime();
      Line l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (l == null) {
        throw new IllegalStateException(
            "timed out after " + millis + " ms waiting for " + word + " from " + (n - count) + " child process(es)");
      }
      if (l.text().startsWith(word)) {
        if (got[l.child()] == null) {
          count++;
        }
        got[l.child()] = l.text().substring(word.length()).trim();
      } else if (l.text().equals("EXIT") && got[l.child()] != null) {
        continue; // this child is done and already sent what was awaited
      } else if (l.text().equals("EXIT") || l.text().startsWith("FAILED")) {
        throw new IllegalStateException(
            "child process " + l.child() + " ended before sending " + word + " (its errors are above)");
      } else {
        System.err.println("child " + l.child() + ": " + l.text());
      }
    }
    return List.of(got);
  }
}
