package dev.switchboard.server;

import dev.switchboard.Nullable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the open connections of each client address, to refuse one more than {@code
 * maxConnectionsPerIp}. Loopback clients are not counted unless configured: a reverse proxy on
 * the same host connects from loopback for all its clients, and the limit belongs there. An
 * address leaves the map when its last connection closes, so the map holds only addresses with
 * connections open. Thread-safe.
 */
final class ConnectionsPerAddress {
  private final int max;
  private final boolean limitLoopback;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  ConnectionsPerAddress(int max, boolean limitLoopback) {
    this.max = max;
    this.limitLoopback = limitLoopback;
  }

  /**
   * Counts a new connection from {@code remote}; returns false, counting nothing, if its address
   * has the most connections allowed open already.
   */
  boolean tryOpen(SocketAddress remote) {
    InetAddress address = counted(remote);
    if (address == null) {
      return true;
    }
    boolean[] admitted = {false};
    open.compute(address, (a, n) -> {
      int count = n == null ? 0 : n;
      admitted[0] = count < max;
      return admitted[0] ? count + 1 : n;
    });
    return admitted[0];
  }

  /** A connection counted by {@link #tryOpen} closed. */
  void closed(SocketAddress remote) {
    InetAddress address = counted(remote);
    if (address != null) {
      open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Returns how many addresses have connections open and counted. */
  int addresses() {
    return open.size();
  }

  private @Nullable InetAddress counted(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return null;
    }
    InetAddress address = inet.getAddress();
    return address.isLoopbackAddress() && !limitLoopback ? null : address;
  }
}
