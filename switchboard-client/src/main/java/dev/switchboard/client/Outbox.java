package dev.switchboard.client;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The client's send queue: bounded, kept across reconnects and written in order by one writer,
 * since a {@link WebSocket} takes one outstanding send at a time. A message leaves the queue only
 * when its write completed; a write that failed because the connection dropped is tried again,
 * first, on the next connection.
 */
final class Outbox {
  private record Pending(String text, CompletableFuture<Void> done) {}

  private final int limit;
  private final BiConsumer<WebSocket, Throwable> writeFailed;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private WebSocket socket;
  private boolean writing;
  private String closedReason;

  Outbox(int limit, BiConsumer<WebSocket, Throwable> writeFailed) {
    this.limit = limit;
    this.writeFailed = writeFailed;
  }

  /** Queues a text; the future completes when it is written, or fails if it cannot be queued. */
  CompletableFuture<Void> offer(String text) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closedReason != null) {
        return CompletableFuture.failedFuture(new ClientClosedException(closedReason));
      }
      if (queue.size() >= limit) {
        return CompletableFuture.failedFuture(new SendQueueFullException(limit));
      }
      queue.addLast(new Pending(text, done));
    }
    pump();
    return done;
  }

  /** Starts writing the queue to a newly opened socket. */
  void attach(WebSocket ws) {
    synchronized (this) {
      socket = ws;
    }
    pump();
  }

  /** Stops writing to {@code ws}; what is queued waits for the next socket. */
  synchronized void detach(WebSocket ws) {
    if (socket == ws) {
      socket = null;
    }
  }

  /** Returns the number of messages queued or being written. */
  synchronized int size() {
    return queue.size();
  }

  /** Fails everything queued and refuses new messages. */
  void close(String reason) {
    List<Pending> failed;
    synchronized (this) {
      closedReason = reason;
      socket = null;
      failed = new ArrayList<>(queue);
      queue.clear();
    }
    failed.forEach(p -> p.done.completeExceptionally(new ClientClosedException(reason)));
  }

  private void pump() {
    Pending next;
    WebSocket target;
    synchronized (this) {
      if (socket == null || writing || queue.isEmpty()) {
        return;
      }
      writing = true;
      next = queue.peekFirst();
      target = socket;
    }
    CompletableFuture<WebSocket> write;
    try {
      write = target.sendText(next.text, true);
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    write.whenComplete((ws, error) -> written(target, next, error));
  }

  private void written(WebSocket target, Pending p, Throwable error) {
    synchronized (this) {
      writing = false;
      if (error == null && queue.peekFirst() == p) {
        queue.removeFirst();
      } else if (error != null && socket == target) {
        socket = null; // this socket is broken; the message stays first for the next one
      }
    }
    if (error == null) {
      p.done.complete(null);
    } else {
      writeFailed.accept(target, error);
    }
    pump();
  }
}
