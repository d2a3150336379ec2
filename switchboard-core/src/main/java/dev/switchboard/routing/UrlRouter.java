package dev.switchboard.routing;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.Scope;
import dev.switchboard.internal.SharedStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * Routes a connection by its path to the first route whose pattern matches, capturing {@code
 * {name}} path parameters into the scope.
 *
 * <pre>{@code
 * UrlRouter.builder()
 *     .route("/ws/chat/{room:[A-Za-z0-9_-]{1,100}}/", Consumer.app(ChatConsumer::new))
 *     .route("/api/", UrlRouter.builder().route("/rooms/{id}", rooms).build())  // nested
 *     .build();
 * }</pre>
 *
 * <p>Patterns: literal text, {@code {name}} (one path segment, {@code [^/]+}) and {@code
 * {name:regex}}. A route whose application is another {@code UrlRouter} matches a prefix (the
 * pattern ends with '/'), and the nested router matches the rest of the path. A path no route
 * matches is refused with 404.
 *
 * <p>Two routes with the same pattern, up to the names of their parameters, conflict: {@link
 * Builder#build()} fails with a message naming both.
 */
public final class UrlRouter implements Application {
  /** Scope attribute holding the part of the path a nested router still has to match. */
  public static final String REMAINING_PATH = "switchboard.routing.remainingPath";

  private final List<Route> routes;

  private UrlRouter(List<Route> routes) {
    this.routes = routes;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ConnectionHandler open(Connection connection) throws Exception {
    Scope scope = connection.scope();
    Object remaining = scope.attributes().get(REMAINING_PATH);
    String path = remaining instanceof String s ? s : scope.path();
    for (Route route : routes) {
      Matcher m = route.pattern().regex().matcher(path);
      boolean matched = route.nested() ? m.lookingAt() : m.matches();
      if (!matched) {
        continue;
      }
      // A WebSocket keeps its parameters while open, and sockets of one room have the same ones.
      boolean share = scope.type() == Scope.Type.WEBSOCKET;
      Scope.Builder b = scope.toBuilder();
      for (String name : route.pattern().params()) {
        String value = m.group(name);
        b.pathParam(name, share ? SharedStrings.share(value) : value);
      }
      if (route.nested()) {
        b.attribute(REMAINING_PATH, path.substring(m.end()));
      }
      return route.app().open(connection.withScope(b.build()));
    }
    return Rejection.of(connection, 404, "no route for " + path);
  }

  /** One route: a compiled pattern and its application. */
  private record Route(RoutePattern pattern, Application app, boolean nested) {}

  /** Builds a {@link UrlRouter}; routes are tried in the order they were added. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a route.
     *
     * @param pattern the path pattern, starting with '/'; it must end with '/' when {@code app} is
     *     a nested {@code UrlRouter}
     * @param app the application for matching paths
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public Builder route(String pattern, Application app) {
      Objects.requireNonNull(app, "app");
      boolean nested = app instanceof UrlRouter;
      routes.add(new Route(RoutePattern.compile(pattern, nested), app, nested));
      return this;
    }

    /**
     * Returns the router.
     *
     * @throws IllegalArgumentException if two routes conflict (naming both patterns)
     */
    public UrlRouter build() {
      Map<String, Route> seen = new LinkedHashMap<>();
      for (Route r : routes) {
        Route previous = seen.putIfAbsent(r.pattern().shape() + (r.nested() ? " (prefix)" : ""), r);
        if (previous != null) {
          throw new IllegalArgumentException(
              "routes '"
                  + previous.pattern().source()
                  + "' and '"
                  + r.pattern().source()
                  + "' conflict: they match the same paths");
        }
      }
      return new UrlRouter(List.copyOf(routes));
    }
  }
}
