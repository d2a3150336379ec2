package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated description of one load generator process's job: where the server is, how many
 * rooms, members and senders, the offered load, the timing, and which share of the rooms this
 * process drives when the load is split over several processes.
 *
 * @param host server address
 * @param port server port
 * @param rooms total rooms (over all processes)
 * @param members sockets per room
 * @param senders senders per room (the first members of the room)
 * @param rate messages per second per sender; 0 for closed loop
 * @param burst in closed loop, how many messages a sender sends at once, without waiting; it sends
 *     the next burst when the last message of this one comes back (1: one message in flight)
 * @param payload message text length in bytes (at least the ~40 bytes of the header fields)
 * @param warmup time sending before the measured window
 * @param duration the measured window (in idle mode: how long the sockets are held)
 * @param drain after the window, how long no delivery may arrive before the missing ones count
 *     as lost (the whole drain lasts at most six times this, and at least 30 s)
 * @param idle only hold the sockets; send nothing
 * @param sourceIps local addresses to bind, round robin over sockets
 * @param origin Origin header to send, or null for none
 * @param threads client I/O threads
 * @param connectConcurrency handshakes in flight at once
 * @param processIndex this process's share: rooms r with r % processCount == processIndex
 * @param processCount how many processes share the rooms
 * @param ports server ports to spread each room's members over (member i of room r connects to
 *     {@code ports[(r + i) % n]}); null for {@code port} alone
 */
record LoadPlan(
    String host,
    int port,
    int rooms,
    int members,
    int senders,
    double rate,
    int burst,
    int payload,
    Duration warmup,
    Duration duration,
    Duration drain,
    boolean idle,
    List<String> sourceIps,
    String origin,
    int threads,
    int connectConcurrency,
    int processIndex,
    int processCount,
    List<Integer> ports) {

  /** Checks every field; messages name the option and the rule. */
  LoadPlan {
    Objects.requireNonNull(host, "host");
    check(port >= 1 && port <= 65535, "--port must be from 1 to 65535: " + port);
    check(rooms >= 1, "--rooms must be at least 1: " + rooms);
    check(members >= 1, "--members must be at least 1: " + members);
    check(idle || (senders >= 1 && senders <= members),
        "--senders must be from 1 to --members (" + members + "): " + senders);
    check(rate >= 0, "--rate must be 0 (closed loop) or positive: " + rate);
    check(burst >= 1 && burst <= 10_000, "--burst must be from 1 to 10000: " + burst);
    check(burst == 1 || rate == 0, "--burst needs --rate 0 (closed loop): " + burst);
    check(payload >= 0 && payload <= 60_000, "--payload must be from 0 to 60000 bytes: " + payload);
    check(!warmup.isNegative(), "--warmup must not be negative: " + warmup);
    check(!duration.isNegative() && !duration.isZero(), "--duration must be positive: " + duration);
    check(!drain.isNegative(), "--drain must not be negative: " + drain);
    check(!sourceIps.isEmpty(), "--source-ips must name at least one address");
    for (String ip : sourceIps) {
      check(ip.startsWith("127."), "--source-ips must be loopback addresses (127.x.y.z): " + ip);
    }
    check(threads >= 1, "--threads must be at least 1: " + threads);
    check(connectConcurrency >= 1, "--connect-concurrency must be at least 1: " + connectConcurrency);
    check(processCount >= 1 && processIndex >= 0 && processIndex < processCount,
        "process index must be from 0 to " + (processCount - 1) + ": " + processIndex);
    check(rooms >= processCount,
        "--rooms (" + rooms + ") must be at least --processes (" + processCount
            + "): rooms are split between processes");
    if (ports == null) {
      ports = List.of(port);
    }
    check(!ports.isEmpty() && ports.get(0) == port,
        "--ports must start with --port (" + port + "): " + ports);
    for (int p : ports) {
      check(p >= 1 && p <= 65535, "--ports must be from 1 to 65535: " + p);
    }
    sourceIps = List.copyOf(sourceIps);
    ports = List.copyOf(ports);
  }

  /** Returns the port member {@code member} of room {@code room} connects to. */
  int portOf(int room, int member) {
    return ports.get((room + member) % ports.size());
  }

  /** Returns the sockets this process opens. */
  int localSockets() {
    return localRooms() * members;
  }

  /** Returns the number of rooms this process drives. */
  int localRooms() {
    return (rooms - processIndex + processCount - 1) / processCount;
  }

  /** Returns the global index of this process's {@code local}-th room. */
  int globalRoom(int local) {
    return local * processCount + processIndex;
  }

  /** Returns this process's index of global room {@code room}, or -1 if another process has it. */
  int localRoom(int room) {
    return room % processCount == processIndex ? room / processCount : -1;
  }

  /** Returns the senders of every room (0 in idle mode). */
  int sendersPerRoom() {
    return idle ? 0 : senders;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
