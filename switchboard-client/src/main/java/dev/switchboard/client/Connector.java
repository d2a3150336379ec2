package dev.switchboard.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection lifecycle: connection attempts, the backoff between them, the state, the
 * one current {@link Link}, and stopping for good. It runs on the client's timer thread and the
 * JDK's WebSocket threads; its state changes under the object's lock, and listeners are called
 * outside it.
 */
final class Connector {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardClient.class);
  /** A connection that lived this long starts the backoff again from its first step. */
  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ClientBuilder cfg;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  final Outbox outbox;
  final Inbox inbox;
  private final Consumer<String> onText;
  private final CompletableFuture<Void> firstOpen = new CompletableFuture<>();
  private ClientState state = ClientState.NEW;
  private Link current;
  private int attempt;
  private int opens;

  Connector(ClientBuilder cfg) {
    this.cfg = cfg;
    this.onText = cfg.onText;
    this.http = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout).build();
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("switchboard-client-timer").factory());
    this.outbox = new Outbox(cfg.sendQueueLimit, this::writeFailed);
    this.inbox = new Inbox(cfg.receiveBuffer, this::requestMore);
  }

  URI uri() {
    return cfg.uri;
  }

  boolean handsTextsToHandler() {
    return onText != null;
  }

  synchronized ClientState state() {
    return state;
  }

  synchronized int connections() {
    return opens;
  }

  /** Starts the first attempt unless started already; returns the first connection's future. */
  CompletableFuture<Void> start() {
    boolean start;
    synchronized (this) {
      start = state == ClientState.NEW;
      if (start) {
        state = ClientState.CONNECTING;
      }
    }
    if (start) {
      attempt();
    }
    return firstOpen.copy();
  }

  /** Sends a close frame on the open socket, if any, then stops for good. */
  void close() {
    WebSocket ws;
    synchronized (this) {
      ws = current == null ? null : current.socket;
    }
    if (ws != null) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.debug("client[{}] close frame not sent: {}", cfg.uri, e.toString());
      }
    }
    stop("closed by its owner", null);
    timer.shutdownNow();
  }

  private void attempt() {
    Link link = new Link(this);
    synchronized (this) {
      if (state == ClientState.CLOSED) {
        return;
      }
      current = link;
    }
    URI target;
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(cfg.connectTimeout);
    try {
      target = cfg.auth == null ? cfg.uri : cfg.auth.apply(cfg.uri);
      if (cfg.auth != null && !cfg.auth.header().isEmpty()) {
        b.header(cfg.auth.header().get(0), cfg.auth.header().get(1));
      }
      List<String> protocols = cfg.auth == null ? List.of() : cfg.auth.subprotocols();
      if (!protocols.isEmpty()) {
        b.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
      }
    } catch (RuntimeException e) {
      lost(link, "no token for the handshake: " + e.getMessage());
      return;
    }
    b.buildAsync(target, link).whenComplete((ws, error) -> {
      if (error != null) {
        failed(link, error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        opened(link, ws);
      }
    });
  }

  private void opened(Link link, WebSocket ws) {
    boolean reconnect;
    synchronized (this) {
      if (current != link || state == ClientState.CLOSED) {
        ws.abort();
        return;
      }
      link.socket = ws;
      state = ClientState.OPEN;
      reconnect = opens++ > 0;
      link.startHeartbeat(timer, cfg.heartbeatInterval, cfg.heartbeatTimeout);
    }
    outbox.attach(ws);
    log.debug("client[{}] open (connection {})", cfg.uri, opens);
    firstOpen.complete(null);
    cfg.listener.onOpen(reconnect);
  }

  private void failed(Link link, Throwable error) {
    if (error instanceof WebSocketHandshakeException h) {
      int status = h.getResponse().statusCode();
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        stop("handshake refused with HTTP " + status, new HandshakeRejectedException(status, cfg.uri.toString()));
        return;
      }
      lost(link, "handshake answered with HTTP " + status);
      return;
    }
    lost(link, "cannot connect: " + describe(error));
  }

  /** An error in words: what the JDK's bare exceptions mean, else the first message found. */
  private static String describe(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof java.net.http.HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (e instanceof java.net.ConnectException && e.getMessage() == null) {
        return "connection refused"; // the JDK's HttpClient leaves it without a message
      }
      if (e.getMessage() != null) {
        return e.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  /** Called once per link when its socket ends or its attempt fails; stale links are ignored. */
  void lost(Link link, String reason) {
    Duration delay;
    synchronized (this) {
      if (current != link || state == ClientState.CLOSED) {
        return;
      }
      current = null;
      if (link.socket != null) {
        outbox.detach(link.socket);
      }
      link.end();
      if (!cfg.reconnect) {
        delay = null;
      } else {
        if (link.openedAt != 0 && System.nanoTime() - link.openedAt > STABLE_NANOS) {
          attempt = 0;
        }
        delay = cfg.backoff.delay(Math.min(attempt++, 62), ThreadLocalRandom.current());
        state = state == ClientState.CONNECTING ? ClientState.CONNECTING : ClientState.RECONNECTING;
        timer.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    if (delay == null) {
      stop(reason + " (reconnect is off)", null);
      return;
    }
    log.debug("client[{}] {}; next attempt in {} ms", cfg.uri, reason, delay.toMillis());
    cfg.listener.onDisconnected(reason, delay);
  }

  private void stop(String reason, Throwable cause) {
    Link link;
    synchronized (this) {
      if (state == ClientState.CLOSED) {
        return;
      }
      state = ClientState.CLOSED;
      link = current;
      current = null;
    }
    if (link != null) {
      link.end();
    }
    outbox.close(reason);
    inbox.close(reason);
    firstOpen.completeExceptionally(cause != null ? cause : new ClientClosedException(reason));
    cfg.listener.onClosed(reason);
  }

  /** A write failed: the socket is broken; end it so the reader reports it and we reconnect. */
  private void writeFailed(WebSocket ws, Throwable error) {
    Link link;
    synchronized (this) {
      link = current;
    }
    if (link != null && link.socket == ws) {
      lost(link, "send failed: " + error);
    }
  }

  /** Hands a received text to the handler or the inbox; returns whether to read on. */
  boolean deliver(String text) {
    if (onText == null) {
      return inbox.add(text);
    }
    try {
      onText.accept(text);
    } catch (RuntimeException e) {
      log.error("client[{}] onText handler failed on {}", cfg.uri, abbreviate(text), e);
    }
    return true;
  }

  private void requestMore() {
    Link link;
    synchronized (this) {
      link = current;
    }
    WebSocket ws = link == null ? null : link.socket;
    if (ws != null) {
      ws.request(1);
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
