package dev.switchboard.routing;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Routes a connection by its protocol type (HTTP, WebSocket, channel) to an application.
 *
 * <pre>{@code
 * Application app = ProtocolTypeRouter.builder()
 *     .http(pages)
 *     .websocket(UrlRouter.builder().route("/ws/chat/{room}/", chat).build())
 *     .build();
 * }</pre>
 *
 * <p>A connection of a type with no application is refused with 404.
 */
public final class ProtocolTypeRouter implements Application {
  private final Map<Scope.Type, Application> routes;

  private ProtocolTypeRouter(Map<Scope.Type, Application> routes) {
    this.routes = routes;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ConnectionHandler open(Connection connection) throws Exception {
    Application app = routes.get(connection.scope().type());
    if (app == null) {
      return Rejection.of(
          connection,
          404,
          "no application for protocol " + connection.scope().type().name().toLowerCase());
    }
    return app.open(connection);
  }

  /** Builds a {@link ProtocolTypeRouter}; each protocol may be set once. */
  public static final class Builder {
    private final Map<Scope.Type, Application> routes = new EnumMap<>(Scope.Type.class);

    private Builder() {}

    /** Routes HTTP requests to {@code app}. */
    public Builder http(Application app) {
      return route(Scope.Type.HTTP, app);
    }

    /** Routes WebSockets to {@code app}. */
    public Builder websocket(Application app) {
      return route(Scope.Type.WEBSOCKET, app);
    }

    /** Routes channel message streams (background workers) to {@code app}. */
    public Builder channel(Application app) {
      return route(Scope.Type.CHANNEL, app);
    }

    private Builder route(Scope.Type type, Application app) {
      Objects.requireNonNull(app, "app");
      @Nullable Application previous = routes.putIfAbsent(type, app);
      if (previous != null) {
        throw new IllegalArgumentException(
            "protocol " + type.name().toLowerCase() + " is routed twice: to " + previous
                + " and to " + app);
      }
      return this;
    }

    /**
     * Returns the router.
     *
     * @throws IllegalStateException if no protocol is routed
     */
    public ProtocolTypeRouter build() {
      if (routes.isEmpty()) {
        throw new IllegalStateException("a ProtocolTypeRouter needs at least one protocol");
      }
      return new ProtocolTypeRouter(new EnumMap<>(routes));
    }
  }
}
