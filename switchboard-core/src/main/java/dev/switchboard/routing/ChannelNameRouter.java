package dev.switchboard.routing;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.layer.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes channel scopes (background work) by channel name to an application, for {@link
 * dev.switchboard.consumer.ChannelWorker}.
 *
 * <p>A channel with no route is refused: its messages are logged and dropped.
 */
public final class ChannelNameRouter implements Application {
  private final Map<String, Application> routes;

  private ChannelNameRouter(Map<String, Application> routes) {
    this.routes = routes;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the routed channel names, in insertion order. */
  public Set<String> channels() {
    return routes.keySet();
  }

  @Override
  public ConnectionHandler open(Connection connection) throws Exception {
    String channel = connection.scope().channel();
    Application app = channel == null ? null : routes.get(channel);
    if (app == null) {
      return Rejection.of(connection, 404, "no route for channel '" + channel + "'");
    }
    return app.open(connection);
  }

  /** Builds a {@link ChannelNameRouter}. */
  public static final class Builder {
    private final Map<String, Application> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Routes {@code channel} to {@code app}.
     *
     * @throws IllegalArgumentException if the name breaks the channel naming rule or is already
     *     routed (the message names both applications)
     */
    public Builder route(String channel, Application app) {
      Names.checkChannel(channel);
      Objects.requireNonNull(app, "app");
      Application previous = routes.putIfAbsent(channel, app);
      if (previous != null) {
        throw new IllegalArgumentException(
            "channel '" + channel + "' is routed twice: to " + previous + " and to " + app);
      }
      return this;
    }

    /** Returns the router. */
    public ChannelNameRouter build() {
      if (routes.isEmpty()) {
        throw new IllegalStateException("a ChannelNameRouter needs at least one route");
      }
      return new ChannelNameRouter(new LinkedHashMap<>(routes));
    }
  }
}
