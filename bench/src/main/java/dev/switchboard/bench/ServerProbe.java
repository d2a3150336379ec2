package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server process's CPU time and resident memory from {@code /proc}, so the load
 * generator reports what the server spent, whatever the client costs.
 *
 * <p>CPU is {@code utime + stime} of {@code /proc/PID/stat} (all threads), in clock ticks of
 * 10 ms, and {@code utime} alone is the part spent in user space (the server's own code, its
 * libraries and the JVM, without the kernel's socket and TCP work); memory is {@code VmRSS} of
 * {@code /proc/PID/status}. Given several processes (the server processes of one deployment),
 * both are summed over them.
 */
final class ServerProbe {
  /** Clock ticks per second of /proc/PID/stat (USER_HZ): 100 on every Linux distribution. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<Long> pids;
  private final boolean gcBeforeRss;
  private final boolean perThread;

  /**
   * Creates a probe for process {@code pid}.
   *
   * @param gcBeforeRss run {@code jcmd PID GC.run} and {@code System.trim_native_heap} before
   *     each RSS reading, so the reading holds live data rather than garbage not yet collected or
   *     native memory freed but kept by the C library
   * @throws IllegalArgumentException if there is no such process
   */
  ServerProbe(long pid, boolean gcBeforeRss) {
    this(List.of(pid), gcBeforeRss);
  }

  /**
   * Creates a probe for processes {@code pids}, whose CPU time and memory it sums.
   *
   * @throws IllegalArgumentException if the list is empty or a process does not exist
   */
  ServerProbe(List<Long> pids, boolean gcBeforeRss) {
    if (pids.isEmpty()) {
      throw new IllegalArgumentException("--server-pid must name at least one process");
    }
    for (long pid : pids) {
      if (!Files.isReadable(Path.of("/proc/" + pid + "/stat"))) {
        throw new IllegalArgumentException("--server-pid must name a running process: " + pid);
      }
    }
    this.pids = List.copyOf(pids);
    this.gcBeforeRss = gcBeforeRss;
    this.perThread = false;
  }

  private ServerProbe(long pid) {
    this(List.of(pid), false);
  }

  private ServerProbe(ServerProbe p) {
    this.pids = p.pids;
    this.gcBeforeRss = false;
    this.perThread = true;
  }

  /**
   * Returns a probe for a native process with long-lived threads (a Redis server) whose CPU time
   * is the sum of its threads' run time in {@code /proc/PID/task/TID/schedstat}, in nanoseconds
   * rather than 10 ms ticks: a few milliseconds in a window still read accurately. Time of threads
   * that ended is not counted, so it does not suit a JVM.
   *
   * @throws IllegalArgumentException if there is no such process
   */
  static ServerProbe perThread(long pid) {
    return new ServerProbe(new ServerProbe(pid));
  }

  /** CPU seconds: all of them ({@code utime + stime}) and the user-mode part ({@code utime}). */
  record CpuTimes(double total, double user) {
    /** Returns the time spent since {@code start}. */
    CpuTimes since(CpuTimes start) {
      return new CpuTimes(total - start.total, user - start.user);
    }
  }

  /** Returns the processes' user + system CPU time so far, summed, in seconds. */
  double cpuSeconds() throws IOException {
    if (!perThread) {
      return cpuTimes().total();
    }
    double sum = 0;
    for (long pid : pids) {
      sum += runSeconds(pid);
    }
    return sum;
  }

  /**
   * Returns the processes' CPU time so far and its user-mode part, summed, from one reading of
   * each process's {@code /proc/PID/stat}.
   *
   * @throws UnsupportedOperationException for a {@link #perThread} probe, which reads run time
   *     without the user and system split
   */
  CpuTimes cpuTimes() throws IOException {
    if (perThread) {
      throw new UnsupportedOperationException("a per-thread probe reads no user-mode time");
    }
    long user = 0;
    long system = 0;
    for (long pid : pids) {
      long[] t = ticks(pid);
      user += t[0];
      system += t[1];
    }
    return new CpuTimes((user + system) / TICKS_PER_SECOND, user / TICKS_PER_SECOND);
  }

  private static double runSeconds(long pid) throws IOException {
    long nanos = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          // first field: time spent on the CPU, in nanoseconds
          nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
        } catch (java.nio.file.NoSuchFileException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return nanos / 1e9;
  }

  /** Returns the processes' resident set sizes summed, in KiB (after a GC if so configured). */
  long rssKib() throws IOException, InterruptedException {
    long sum = 0;
    for (long pid : pids) {
      sum += rssKib(pid);
    }
    return sum;
  }

  /** Returns a process's {@code utime} and {@code stime}, in clock ticks. */
  private static long[] ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state); utime and stime are fields 14 and 15.
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  private long rssKib(long pid) throws IOException, InterruptedException {
    if (gcBeforeRss) {
      gc(pid);
    }
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
    for (String line : lines) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS line in /proc/" + pid + "/status");
  }

  /**
   * Runs a full GC, then asks the C library to hand freed native memory back ({@code
   * System.trim_native_heap}): glibc keeps what the JIT compiler and other native code freed in
   * its arenas, tens of MB after a burst of compilations (a server's first heartbeat round), which
   * would otherwise be read as memory the connections hold.
   */
  private static void gc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Thread.sleep(500); // let the collector return freed memory to the system
    jcmd(pid, "System.trim_native_heap");
  }

  private static void jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " did not finish in 30 s");
    }
  }
}
