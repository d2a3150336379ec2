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
 * 10 ms; memory is {@code VmRSS} of {@code /proc/PID/status}.
 */
final class ServerProbe {
  /** Clock ticks per second of /proc/PID/stat (USER_HZ): 100 on every Linux distribution. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;
  private final boolean gcBeforeRss;

  /**
   * Creates a probe for process {@code pid}.
   *
   * @param gcBeforeRss run {@code jcmd PID GC.run} before each RSS reading, so the reading holds
   *     live data rather than garbage not yet collected
   * @throws IllegalArgumentException if there is no such process
   */
  ServerProbe(long pid, boolean gcBeforeRss) {
    if (!Files.isReadable(Path.of("/proc/" + pid + "/stat"))) {
      throw new IllegalArgumentException("--server-pid must name a running process: " + pid);
    }
    this.pid = pid;
    this.gcBeforeRss = gcBeforeRss;
  }

  /** Returns the process's user + system CPU time so far, in seconds. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** Returns the process's resident set size in KiB (after a GC if so configured). */
  long rssKib() throws IOException, InterruptedException {
    if (gcBeforeRss) {
      gc();
    }
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
    for (String line : lines) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS line in /proc/" + pid + "/status");
  }

  private void gc() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " GC.run did not finish in 30 s");
    }
    Thread.sleep(500); // let the collector return freed memory to the system
  }
}
