package dev.switchboard.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Micrometer meters. Meters are created once, so recording on the hot path is a
 * counter increment.
 *
 * <ul>
 *   <li>{@code switchboard.connections.active{type=http|websocket}}: open connections (gauge)
 *   <li>{@code switchboard.connections.rejected}: connections refused over the limit
 *   <li>{@code switchboard.ws.messages{direction=in|out}}: WebSocket messages
 *   <li>{@code switchboard.ws.closes{reason=...}}: closes the server decided ({@link Close})
 *   <li>{@code switchboard.http.requests{status=1xx..5xx}}: HTTP responses by status class
 * </ul>
 */
final class ServerMetrics {
  /** Why the server closed a WebSocket. */
  enum Close {
    SLOW("slow"),
    PONG_TIMEOUT("pong_timeout"),
    TOO_BIG("too_big"),
    IDLE("idle_timeout"),
    HANDSHAKE_TIMEOUT("handshake_timeout"),
    PROTOCOL_ERROR("protocol_error"),
    RATE_LIMITED("rate_limited");

    final String tag;

    Close(String tag) {
      this.tag = tag;
    }
  }

  private final AtomicInteger http = new AtomicInteger();
  private final AtomicInteger websocket = new AtomicInteger();
  private final Counter rejected;
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Map<Close, Counter> closes = new EnumMap<>(Close.class);
  private final Counter[] statusClasses = new Counter[5];

  ServerMetrics(MeterRegistry registry) {
    Gauge.builder("switchboard.connections.active", http, AtomicInteger::get)
        .tag("type", "http")
        .description("open connections not upgraded to WebSocket")
        .register(registry);
    Gauge.builder("switchboard.connections.active", websocket, AtomicInteger::get)
        .tag("type", "websocket")
        .description("open WebSocket connections")
        .register(registry);
    rejected =
        Counter.builder("switchboard.connections.rejected")
            .description("connections refused because maxConnections was reached")
            .register(registry);
    messagesIn = Counter.builder("switchboard.ws.messages").tag("direction", "in").register(registry);
    messagesOut =
        Counter.builder("switchboard.ws.messages").tag("direction", "out").register(registry);
    for (Close c : Close.values()) {
      closes.put(c, Counter.builder("switchboard.ws.closes").tag("reason", c.tag).register(registry));
    }
    for (int i = 0; i < statusClasses.length; i++) {
      statusClasses[i] =
          Counter.builder("switchboard.http.requests")
              .tag("status", (i + 1) + "xx")
              .register(registry);
    }
  }

  void connectionOpened() {
    http.incrementAndGet();
  }

  void connectionClosed(boolean wasWebSocket) {
    (wasWebSocket ? websocket : http).decrementAndGet();
  }

  void upgraded() {
    http.decrementAndGet();
    websocket.incrementAndGet();
  }

  void rejected() {
    rejected.increment();
  }

  void messageIn() {
    messagesIn.increment();
  }

  void messageOut() {
    messagesOut.increment();
  }

  void closed(Close reason) {
    closes.get(reason).increment();
  }

  void response(int status) {
    int c = status / 100;
    if (c >= 1 && c <= 5) {
      statusClasses[c - 1].increment();
    }
  }
}
