package dev.switchboard.examples.live;

import dev.switchboard.Application;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.ResourcePage;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.routing.UrlRouter;

/**
 * The message-flow example: web servers and a separate pool of WebSocket servers joined by the
 * channel layer, pushing to a Flux-style page. Information flows one way round: the page calls
 * the API pool over HTTP, the API pool publishes to the layer ({@link Publisher}), the socket
 * pool pushes to the pages. Neither pool knows the other's processes; behind nginx the page sees
 * one origin ({@code /websocket} to the socket pool, the rest to the API pool).
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>API pool</td><td>{@code GET /live/} the page; {@code GET /api/socket_token};
 *       {@code POST /api/feed}; {@code POST /api/notify} ({@link ApiEndpoints})</td></tr>
 *   <tr><td>socket pool</td><td>{@code WS /websocket?token=JWT} ({@link LiveSocket})</td></tr>
 * </table>
 */
public final class LiveExample {
  /** The socket pool's path. */
  public static final String SOCKET = "/websocket";

  private LiveExample() {}

  /** Returns the API pool's application: the page and the API, over HTTP only. */
  public static Application api(LiveTokens tokens, Publisher publisher) {
    return ProtocolTypeRouter.builder().http(http(tokens, publisher)).build();
  }

  /** Returns the socket pool's application: {@value #SOCKET}, same-origin pages only. */
  public static Application sockets(LiveTokens tokens) {
    return ProtocolTypeRouter.builder().websocket(socketRoutes(tokens)).build();
  }

  /** Returns both pools in one application, for a single process (or tests). */
  public static Application both(LiveTokens tokens, Publisher publisher) {
    return ProtocolTypeRouter.builder()
        .http(http(tokens, publisher))
        .websocket(socketRoutes(tokens))
        .build();
  }

  private static Application http(LiveTokens tokens, Publisher publisher) {
    return UrlRouter.builder()
        .route("/live/", ResourcePage.app("dev/switchboard/examples/live/live.html", ResourcePage.HTML))
        .route("/api/{endpoint:[a-z_]{1,30}}", Consumer.app(() -> new ApiEndpoints(tokens, publisher)))
        .build();
  }

  private static Application socketRoutes(LiveTokens tokens) {
    return OriginValidator.sameHost().wrap(
        UrlRouter.builder().route(SOCKET, Consumer.app(() -> new LiveSocket(tokens))).build());
  }
}
