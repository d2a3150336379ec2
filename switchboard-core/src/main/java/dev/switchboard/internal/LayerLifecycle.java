package dev.switchboard.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open-or-closed state a channel layer shares with every operation: checked before each
 * one, and turned into the failure every layer gives after {@code close()} ("channel layer X is
 * closed: send refused"), so layers refuse alike.
 *
 * <p>Thread-safe. Internal API: used by Switchboard's own modules, not by applications.
 */
public final class LayerLifecycle {
  private final String layer;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates an open lifecycle for the layer named {@code layer} in messages. */
  public LayerLifecycle(String layer) {
    this.layer = layer;
  }

  /** Returns whether the layer was closed. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Marks the layer closed; returns {@code true} only for the first call, which must clean up. */
  public boolean close() {
    return closed.compareAndSet(false, true);
  }

  /** Returns a future failed with an {@link IllegalStateException} naming the operation refused. */
  public <T> CompletableFuture<T> refused(String operation) {
    return CompletableFuture.failedFuture(
        new IllegalStateException("channel layer " + layer + " is closed: " + operation + " refused"));
  }
}
