package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.WebSocketConsumer;
import dev.switchboard.testing.HttpCommunicator;
import dev.switchboard.testing.WebSocketCommunicator;
import java.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MiddlewareTest {
  static final class WhoAmI extends WebSocketConsumer {
    @Override
    protected void receive(String text) {
      Principal user = scope().user();
      send(user == null ? "anonymous" : user.getName());
    }
  }

  final Application app = Consumer.app(WhoAmI::new);

  int status(Application a, String... headers) {
    return WebSocketCommunicator.builder(a, "/ws").headers(Headers.of(headers)).build().connect().status();
  }

  @Test
  void sameHostAllowsMatchingOriginAndRefusesForeignWith403() {
    Application guarded = OriginValidator.sameHost().wrap(app);
    assertThat(status(guarded, "host", "chat.example:8000", "origin", "http://chat.example:8000"))
        .isEqualTo(101);
    assertThat(status(guarded, "host", "chat.example:8000", "origin", "http://evil.example:8000"))
        .isEqualTo(403);
    assertThat(status(guarded, "host", "chat.example:8000", "origin", "http://chat.example:9000"))
        .isEqualTo(403);
    assertThat(status(guarded, "host", "chat.example", "origin", "http://chat.example"))
        .isEqualTo(101);
    assertThat(status(guarded, "host", "chat.example", "origin", "null")).isEqualTo(403);
  }

  @Test
  void missingOriginIsAllowedUnlessRequired() {
    assertThat(status(OriginValidator.sameHost().wrap(app), "host", "a:1")).isEqualTo(101);
    assertThat(status(OriginValidator.sameHost().requireOrigin().wrap(app), "host", "a:1"))
        .isEqualTo(403);
  }

  @Test
  void allowlistFormsMatchAsDocumented() {
    Application a =
        OriginValidator.allowing("https://app.example.com", "example.org", "*.example.net").wrap(app);
    assertThat(status(a, "origin", "https://app.example.com")).isEqualTo(101);
    assertThat(status(a, "origin", "http://app.example.com")).isEqualTo(403);
    assertThat(status(a, "origin", "http://example.org")).isEqualTo(101);
    assertThat(status(a, "origin", "https://x.example.net")).isEqualTo(101);
    assertThat(status(a, "origin", "https://example.net")).isEqualTo(403);
    assertThat(status(a, "origin", "https://evil.com")).isEqualTo(403);
    assertThat(status(OriginValidator.allowing("*").wrap(app), "origin", "https://any.where"))
        .isEqualTo(101);
    assertThatThrownBy(() -> OriginValidator.allowing(" "))
        .hasMessageContaining("allowed origin must be");
  }

  @Test
  void httpRequestsPassTheOriginCheck() {
    Application guarded =
        OriginValidator.sameHost()
            .wrap(
                Consumer.app(
                    () ->
                        new dev.switchboard.consumer.HttpConsumer() {
                          @Override
                          protected void onRequest(byte[] body) {
                            respond(200, "ok");
                          }
                        }));
    var r =
        HttpCommunicator.request(
                guarded, "GET", "/", Headers.of("origin", "http://evil.example"), new byte[0], null)
            .response();
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void scopeMiddlewareExtendsTheScopeForTheInnerApplication() {
    Middleware auth =
        Middleware.scope(
            s -> {
              String token = s.queryParam("token");
              return token == null ? s : s.withUser(() -> "user-" + token);
            });
    Application a = Middleware.chain(app, OriginValidator.sameHost(), auth);
    try (var ws = WebSocketCommunicator.of(a, "/ws?token=42")) {
      ws.connect();
      ws.sendText("?");
      assertThat(ws.receiveText()).isEqualTo("user-42");
    }
    try (var ws = WebSocketCommunicator.of(a, "/ws")) {
      ws.connect();
      ws.sendText("?");
      assertThat(ws.receiveText()).isEqualTo("anonymous");
    }
  }
}
