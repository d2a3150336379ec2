package dev.switchboard.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection attempt of a client and, once open, its socket: reads frames (the JDK calls
 * these methods one at a time), reassembles texts, and keeps the heartbeat. Anything that ends
 * the socket is reported to the client once, as {@code lost}; a stale link's reports are ignored
 * by the client, which compares it with its current link.
 */
final class Link implements WebSocket.Listener {
  private static final Logger log = LoggerFactory.getLogger(Link.class);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Connector client;
  private final StringBuilder text = new StringBuilder();
  volatile WebSocket socket;
  volatile long openedAt;
  private volatile long heardAt = System.nanoTime();
  private volatile ScheduledFuture<?> heartbeat;

  Link(Connector client) {
    this.client = client;
  }

  @Override
  public void onOpen(WebSocket ws) {
    socket = ws;
    openedAt = heardAt = System.nanoTime();
    ws.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    heardAt = System.nanoTime();
    text.append(data);
    if (!last) {
      ws.request(1);
      return null;
    }
    String whole = text.toString();
    text.setLength(0);
    if (client.deliver(whole)) {
      ws.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    heardAt = System.nanoTime();
    log.debug("client[{}] ignored a binary frame of {} bytes", client.uri(), data.remaining());
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    heardAt = System.nanoTime(); // the JDK answers with a pong by itself
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    heardAt = System.nanoTime();
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
    client.lost(this, "closed by the server with " + code + (reason.isEmpty() ? "" : " " + reason));
    return null; // the JDK then answers the close with the same code
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    client.lost(this, "connection failed: " + error);
  }

  /** Pings every {@code interval}; drops the socket after {@code interval + timeout} of silence. */
  void startHeartbeat(ScheduledExecutorService timer, Duration interval, Duration timeout) {
    if (interval.isZero()) {
      return;
    }
    long silence = interval.plus(timeout).toNanos();
    heartbeat = timer.scheduleAtFixedRate(() -> {
      WebSocket ws = socket;
      if (System.nanoTime() - heardAt > silence) {
        ws.abort();
        client.lost(this, "heard nothing for " + interval.plus(timeout).toMillis()
            + " ms (no pong to the heartbeat ping)");
        return;
      }
      try {
        ws.sendPing(EMPTY.duplicate());
      } catch (RuntimeException e) {
        log.debug("client[{}] heartbeat ping not sent: {}", client.uri(), e.toString());
      }
    }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the heartbeat and closes the socket, if any, without a closing handshake. */
  void end() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }
}
