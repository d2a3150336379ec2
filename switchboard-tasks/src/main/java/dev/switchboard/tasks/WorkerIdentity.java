package dev.switchboard.tasks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** The host name and a fresh id for a worker: {@code host-pid-random}. */
final class WorkerIdentity {
  private static final String HOST = lookupHost();

  private WorkerIdentity() {}

  static String hostname() {
    return HOST;
  }

  static String newId() {
    String host = HOST.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    if (host.length() > 60) {
      host = host.substring(0, 60);
    }
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  private static String lookupHost() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
