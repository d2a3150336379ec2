package dev.switchboard.examples.chat;

import dev.switchboard.Application;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.ResourcePage;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.routing.UrlRouter;
import dev.switchboard.server.SwitchboardServer;

/**
 * The multi-room chat example: the Django Channels tutorial chat, wire-compatible with its front
 * end.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>room picker</td></tr>
 *   <tr><td>{@code GET /chat/{room}/}</td><td>room page</td></tr>
 *   <tr><td>{@code WS /ws/chat/{room}/}</td><td>{@link ChatConsumer}, same-origin only</td></tr>
 *   <tr><td>{@code GET /static/...}</td><td>styles and scripts</td></tr>
 * </table>
 */
public final class ChatExample {
  /** Where the front end lives on the classpath. */
  static final String STATIC = "dev/switchboard/examples/chat/static";

  private ChatExample() {}

  /** Returns the chat application: pages over HTTP, rooms over WebSocket. */
  public static Application application() {
    String room = "{room:" + ChatConsumer.ROOM + "}";
    Application pages =
        UrlRouter.builder()
            .route("/", ResourcePage.app(STATIC + "/index.html", ResourcePage.HTML))
            .route("/chat/" + room + "/", ResourcePage.app(STATIC + "/room.html", ResourcePage.HTML))
            .build();
    Application sockets =
        UrlRouter.builder().route("/ws/chat/" + room + "/", Consumer.app(ChatConsumer::new)).build();
    return ProtocolTypeRouter.builder()
        .http(pages)
        .websocket(OriginValidator.sameHost().wrap(sockets))
        .build();
  }

  /**
   * Returns an unstarted server for the chat on {@code host}:{@code port} using {@code layer}.
   *
   * @param port 0 for an ephemeral port
   */
  public static SwitchboardServer server(String host, int port, ChannelLayer layer) {
    return SwitchboardServer.create(
        cfg ->
            cfg.host(host)
                .port(port)
                .application(application())
                .channelLayer(layer)
                .staticResources("/static/", STATIC));
  }
}
