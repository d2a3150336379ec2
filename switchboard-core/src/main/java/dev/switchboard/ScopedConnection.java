package dev.switchboard;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.MessageListener;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A view of a connection reporting another scope: what {@link Connection#withScope} returns.
 *
 * <p>A view of a view wraps the underlying connection directly. Each router or middleware layer
 * derives a scope and wraps the connection again; chaining the views would keep every
 * intermediate scope alive for the connection's lifetime, and idle WebSockets are mostly that.
 * The view's outbound filter, if any, is kept: a view of a view applies its own filter, then the
 * one it was made from.
 */
final class ScopedConnection implements Connection {
  private final Connection base;
  private final Scope scope;
  private final @Nullable UnaryOperator<OutboundEvent> outbound;

  ScopedConnection(Connection connection, Scope scope, @Nullable UnaryOperator<OutboundEvent> outbound) {
    this.scope = Objects.requireNonNull(scope, "scope");
    if (connection instanceof ScopedConnection view) {
      this.base = view.base;
      UnaryOperator<OutboundEvent> inner = view.outbound;
      this.outbound = inner == null ? outbound
          : outbound == null ? inner
          : event -> {
            OutboundEvent e = outbound.apply(event);
            return e == null ? null : inner.apply(e);
          };
    } else {
      this.base = connection;
      this.outbound = outbound;
    }
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
    OutboundEvent e = outbound == null ? event : outbound.apply(event);
    if (e != null) {
      base.send(e);
    }
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
