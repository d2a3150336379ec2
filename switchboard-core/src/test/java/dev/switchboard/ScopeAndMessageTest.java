package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeAndMessageTest {
  @Test
  void scopeParsesQueryAndCookiesAndRedactsQueryInToString() {
    Scope s =
        Scope.builder(Scope.Type.WEBSOCKET, "/ws/chat/x/")
            .queryString("token=s3cret&tag=a&tag=b%20c&flag")
            .headers(Headers.of("Cookie", "sessionid=abc; theme=\"dark\"", "Host", "h"))
            .build();
    assertThat(s.query()).containsEntry("tag", List.of("a", "b c")).containsEntry("flag", List.of(""));
    assertThat(s.queryParam("token")).isEqualTo("s3cret");
    assertThat(s.cookies()).containsEntry("sessionid", "abc").containsEntry("theme", "dark");
    assertThat(s.headers().first("host")).isEqualTo("h");
    assertThat(s.toString()).doesNotContain("s3cret").contains("redacted");
  }

  @Test
  void scopeIsImmutableAndDerivesCopies() {
    Scope s = Scope.builder(Scope.Type.HTTP, "/").build();
    Scope t = s.withPathParams(Map.of("room", "a")).withAttribute("k", "v");
    assertThat(s.pathParams()).isEmpty();
    assertThat(t.pathParam("room")).isEqualTo("a");
    assertThat(t.attributes()).containsEntry("k", "v");
    assertThatThrownBy(() -> t.pathParams().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.pathParam("room")).hasMessageContaining("no path parameter 'room'");
    assertThatThrownBy(() -> Scope.builder(Scope.Type.HTTP, "x")).hasMessageContaining("must start with '/'");
  }

  @Test
  void derivedScopesKeepTheRequestUnlessABuilderChangesIt() {
    Scope s = Scope.builder(Scope.Type.WEBSOCKET, "/ws/")
        .queryString("a=1")
        .headers(Headers.of("Cookie", "k=v", "Host", "h"))
        .subprotocols(List.of("chat"))
        .build();
    Scope derived = s.withPathParams(Map.of("room", "a")).withUser(() -> "ann");
    assertThat(derived.type()).isEqualTo(Scope.Type.WEBSOCKET);
    assertThat(derived.scheme()).isEqualTo("ws");
    assertThat(derived.path()).isEqualTo("/ws/");
    assertThat(derived.headers()).isSameAs(s.headers());
    assertThat(derived.subprotocols()).containsExactly("chat");
    assertThat(derived.query()).isSameAs(s.query()); // parsed once for both
    assertThat(derived.cookies()).containsEntry("k", "v");

    Scope changed = derived.toBuilder().scheme("wss").queryString("a=2").build();
    assertThat(changed.scheme()).isEqualTo("wss");
    assertThat(changed.queryParam("a")).isEqualTo("2");
    assertThat(changed.pathParam("room")).isEqualTo("a");
    assertThat(changed.user().getName()).isEqualTo("ann");
    assertThat(derived.scheme()).isEqualTo("ws");
    assertThat(derived.queryParam("a")).isEqualTo("1");
    assertThat(s.scheme()).isEqualTo("ws");
  }

  @Test
  void derivedMapsKeepOrderCompareAsMapsAndRefuseChanges() {
    Scope s = Scope.builder(Scope.Type.WEBSOCKET, "/")
        .pathParam("rest", "ws/chat/a/").pathParam("room", "a").pathParam("n", "1").build();
    Map<String, String> params = s.pathParams();
    assertThat(params.keySet()).containsExactly("rest", "room", "n");
    assertThat(params).isEqualTo(Map.of("n", "1", "room", "a", "rest", "ws/chat/a/"));
    assertThat(params.hashCode()).isEqualTo(Map.of("n", "1", "room", "a", "rest", "ws/chat/a/").hashCode());
    assertThat(params.get("missing")).isNull();
    assertThat(params.containsKey("room")).isTrue();
    assertThatThrownBy(() -> params.remove("room")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> params.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> params.entrySet().iterator().next().setValue("b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.withAttribute("k", "v").withAttribute("j", "w").attributes().keySet())
        .containsExactly("k", "j");
  }

  @Test
  void sessionValuesMayBeNull() {
    java.util.Map<String, Object> session = new java.util.HashMap<>();
    session.put("cart", null);
    Scope s = Scope.builder(Scope.Type.HTTP, "/").build().withSession(session);
    assertThat(s.session()).containsEntry("cart", null).hasSize(1);
  }

  @Test
  void messageTypeRuleIsStatedInTheError() {
    assertThatThrownBy(() -> Message.of("bad type"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message type must be ASCII letters")
        .hasMessageContaining("'bad type'");
    assertThatThrownBy(() -> Message.of("t", Map.of("type", "x"))).hasMessageContaining("'type'");
  }

  @Test
  void messageAccessorsCheckTypes() {
    Message m = Message.of("chat.message", "message", "hi", "n", 5);
    assertThat(m.getString("message")).isEqualTo("hi");
    assertThat(m.getLong("n")).isEqualTo(5L);
    assertThatThrownBy(() -> m.getString("n")).hasMessageContaining("field 'n' must be a string, was Integer");
    assertThatThrownBy(() -> m.getLong("missing")).hasMessageContaining("absent");
    assertThat(m.with("x", 1).fields()).containsKeys("message", "n", "x");
    assertThat(m).isEqualTo(Message.of("chat.message", "message", "hi", "n", 5));
  }

  @Test
  void closeEventsFollowTheRfc() {
    assertThatThrownBy(() -> new OutboundEvent.WebSocketClose(1006, "")).hasMessageContaining("RFC 6455");
    assertThatThrownBy(() -> new OutboundEvent.WebSocketClose(1000, "x".repeat(124)))
        .hasMessageContaining("at most 123 bytes");
    assertThatThrownBy(() -> new OutboundEvent.WebSocketDeny(200, "")).hasMessageContaining("400 to 599");
  }
}
