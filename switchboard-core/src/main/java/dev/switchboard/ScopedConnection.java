package dev.switchboard;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.MessageListener;
import java.util.Objects;

/**
 * A view of a connection reporting another scope: what {@link Connection#withScope} returns.
 *
 * <p>A view of a view wraps the underlying connection directly. Each router or middleware layer
 * derives a scope and wraps the connection again; chaining the views would keep every
 * intermediate scope alive for the connection's lifetime, and idle WebSockets are mostly that.
 */
final class ScopedConnection implements Connection {
  private final Connection base;
  private final Scope scope;

  ScopedConnection(Connection connection, Scope scope) {
    this.base = connection instanceof ScopedConnection view ? view.base : connection;
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  @Override
  public String id() {
    return base.id();
  }

  @Override
  public Scope scope() {
    return scope;
  }

  @Override
  public void send(OutboundEvent event) {
    base.send(event);
  }

  @Override
  public boolean offer(Message message, int capacity) {
    return base.offer(message, capacity);
  }

  @Override
  public MessageListener listener(int capacity) {
    return base.listener(capacity);
  }

  @Override
  public @Nullable ChannelLayer channelLayer() {
    return base.channelLayer();
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
