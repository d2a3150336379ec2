package dev.switchboard.bench;

import org.HdrHistogram.Histogram;

/**
 * What one load generator process measured; results of several processes add up with {@link
 * #plus}.
 *
 * @param connectionsOk sockets whose handshake succeeded
 * @param connectionsFailed sockets that failed to connect or handshake
 * @param connectionsClosed sockets the server closed before the run ended
 * @param sent messages sent (warm-up included)
 * @param deliveries messages received by a member of the sender's room (duplicates included)
 * @param expected deliveries owed: each message times the connected members of its room
 * @param lost owed deliveries that never arrived after the drain
 * @param duplicates deliveries beyond what a message was owed
 * @param misrouted messages received by a socket outside the sender's room
 * @param outOfOrder deliveries of a sender's message older than one already received by the
 *     same member
 * @param unparsed frames that held no load generator message
 * @param stalls closed-loop senders that gave up waiting for their own message
 * @param windowDeliveries deliveries received during the measured window
 * @param windowSeconds the measured window's length
 * @param clientCpuSeconds this process's CPU time during the window
 * @param latencyUs latency of the deliveries of messages sent during the window, microseconds
 */
record RunResult(
    int connectionsOk,
    int connectionsFailed,
    int connectionsClosed,
    long sent,
    long deliveries,
    long expected,
    long lost,
    long duplicates,
    long misrouted,
    long outOfOrder,
    long unparsed,
    long stalls,
    long windowDeliveries,
    double windowSeconds,
    double clientCpuSeconds,
    Histogram latencyUs) {

  /** Returns the sum of this result and {@code o} (the window is the longer of the two). */
  RunResult plus(RunResult o) {
    Histogram h = latencyUs.copy();
    h.add(o.latencyUs);
    return new RunResult(
        connectionsOk + o.connectionsOk,
        connectionsFailed + o.connectionsFailed,
        connectionsClosed + o.connectionsClosed,
        sent + o.sent,
        deliveries + o.deliveries,
        expected + o.expected,
        lost + o.lost,
        duplicates + o.duplicates,
        misrouted + o.misrouted,
        outOfOrder + o.outOfOrder,
        unparsed + o.unparsed,
        stalls + o.stalls,
        windowDeliveries + o.windowDeliveries,
        Math.max(windowSeconds, o.windowSeconds),
        clientCpuSeconds + o.clientCpuSeconds,
        h);
  }
}
