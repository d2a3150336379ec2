package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.HttpConsumer;
import dev.switchboard.consumer.WebSocketConsumer;
import dev.switchboard.testing.HttpCommunicator;
import dev.switchboard.testing.WebSocketCommunicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoutingTest {
  /** Replies with its path parameters, so tests see what routing captured. */
  static final class Params extends WebSocketConsumer {
    @Override
    protected void receive(String text) {
      send(scope().pathParams().toString());
    }
  }

  static final class Hello extends HttpConsumer {
    @Override
    protected void onRequest(byte[] body) {
      respond(200, "hello " + scope().pathParams());
    }
  }

  final Application params = Consumer.app(Params::new);

  String paramsFor(Application app, String path) {
    try (var ws = WebSocketCommunicator.of(app, path)) {
      assertThat(ws.connect().accepted()).as("accepted %s", path).isTrue();
      ws.sendText("?");
      return ws.receiveText();
    }
  }

  @Test
  void capturesPathParameters() {
    Application app =
        UrlRouter.builder()
            .route("/ws/chat/{room:[A-Za-z0-9_-]{1,100}}/", params)
            .route("/ws/user/{id}/doc/{doc}", params)
            .build();
    assertThat(paramsFor(app, "/ws/chat/lobby_1-a/")).isEqualTo("{room=lobby_1-a}");
    assertThat(paramsFor(app, "/ws/user/7/doc/x")).isEqualTo("{id=7, doc=x}");
  }

  @Test
  void parameterRegexIsEnforcedAndUnmatchedPathsAre404() {
    Application app = UrlRouter.builder().route("/ws/chat/{room:[A-Za-z0-9_-]{1,100}}/", params).build();
    assertThat(WebSocketCommunicator.of(app, "/ws/chat/bad room/").connect().status()).isEqualTo(404);
    assertThat(WebSocketCommunicator.of(app, "/ws/chat/" + "a".repeat(101) + "/").connect().status())
        .isEqualTo(404);
    assertThat(WebSocketCommunicator.of(app, "/nothing").connect().status()).isEqualTo(404);
    assertThat(HttpCommunicator.get(app, "/nothing").response().status()).isEqualTo(404);
  }

  @Test
  void nestedRoutersMatchTheRestOfThePath() {
    Application inner = UrlRouter.builder().route("/rooms/{id}", params).build();
    Application app = UrlRouter.builder().route("/api/{version}/", inner).build();
    assertThat(paramsFor(app, "/api/v2/rooms/9")).isEqualTo("{version=v2, id=9}");
    assertThat(WebSocketCommunicator.of(app, "/api/v2/other").connect().status()).isEqualTo(404);
  }

  @Test
  void duplicateRoutesFailNamingBoth() {
    assertThatThrownBy(
            () -> UrlRouter.builder().route("/a/{x}/", params).route("/a/{y}/", params).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/a/{x}/'")
        .hasMessageContaining("'/a/{y}/'")
        .hasMessageContaining("conflict");
  }

  @Test
  void malformedPatternsFailWithTheRule() {
    assertThatThrownBy(() -> UrlRouter.builder().route("no-slash", params))
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> UrlRouter.builder().route("/a/{x", params))
        .hasMessageContaining("unclosed '{'");
    assertThatThrownBy(() -> UrlRouter.builder().route("/a/{x}/{x}", params))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> UrlRouter.builder().route("/a/{1x}", params))
        .hasMessageContaining("parameter name");
    assertThatThrownBy(() -> UrlRouter.builder().route("/a/{x:[}", params))
        .hasMessageContaining("invalid regex");
  }

  @Test
  void protocolRouterSendsEachTypeToItsApplication() {
    Application app =
        ProtocolTypeRouter.builder()
            .http(UrlRouter.builder().route("/hi/{who}", Consumer.app(Hello::new)).build())
            .websocket(UrlRouter.builder().route("/ws/{room}", params).build())
            .build();
    HttpCommunicator.Response r = HttpCommunicator.get(app, "/hi/ann").response();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("hello {who=ann}");
    assertThat(paramsFor(app, "/ws/r1")).isEqualTo("{room=r1}");

    Application wsOnly = ProtocolTypeRouter.builder().websocket(params).build();
    assertThat(HttpCommunicator.get(wsOnly, "/").response().status()).isEqualTo(404);
    assertThatThrownBy(() -> ProtocolTypeRouter.builder().http(params).http(params))
        .hasMessageContaining("routed twice");
  }

  @Test
  void channelRouterRejectsDuplicatesAndBadNames() {
    assertThatThrownBy(() -> ChannelNameRouter.builder().route("jobs", params).route("jobs", params))
        .hasMessageContaining("'jobs' is routed twice");
    assertThatThrownBy(() -> ChannelNameRouter.builder().route("bad name", params))
        .hasMessageContaining("channel name must be");
  }
}
