package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.testing.HttpCommunicator;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions, login and logout, and CSRF through the middleware, with no sockets. */
@Timeout(30)
class SessionMiddlewareTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final InMemorySessionStore store = new InMemorySessionStore();

  /** Answers by path; see the switch. */
  static Application site() {
    return conn -> event -> {
      if (!(event instanceof InboundEvent.HttpRequest r) || r.moreBody()) {
        return;
      }
      Scope s = conn.scope();
      String body = switch (s.path()) {
        case "/count" -> {
          Session session = Session.of(s);
          int n = session.get("n") instanceof Integer i ? i + 1 : 1;
          session.put("n", n);
          yield String.valueOf(n);
        }
        case "/login" -> {
          Auth.login(s, () -> s.queryParam("user"));
          yield "logged in";
        }
        case "/logout" -> {
          Auth.logout(s);
          yield "logged out";
        }
        case "/token" -> CsrfMiddleware.token(s);
        case "/change" -> "changed: " + new String(r.body(), StandardCharsets.UTF_8);
        default -> s.user() == null ? "anonymous" : s.user().getName();
      };
      conn.send(new OutboundEvent.HttpResponseStart(200, Headers.of("content-type", "text/plain")));
      conn.send(new OutboundEvent.HttpResponseBody(body.getBytes(StandardCharsets.UTF_8), false));
    };
  }

  static Principal user(String name) {
    return () -> name;
  }

  private Application app(SessionMiddleware sessions) {
    return Middleware.chain(site(), sessions, AuthMiddleware.of(name -> name.equals("gone") ? null : user(name)),
        CsrfMiddleware.create());
  }

  private Application app() {
    return app(SessionMiddleware.builder().store(store).secret(SECRET).build());
  }

  /** A client's cookie jar of one cookie. */
  static final class Browser {
    final Application app;
    String cookie; // "sb_session=..." or null
    String setCookie; // the last Set-Cookie header

    Browser(Application app) {
      this.app = app;
    }

    HttpCommunicator.Response request(String method, String path, String... headers) {
      return request(method, path, new byte[0], headers);
    }

    HttpCommunicator.Response request(String method, String path, byte[] body, String... headers) {
      Headers.Builder h = Headers.of(headers).toBuilder().add("host", "site.test");
      if (cookie != null) {
        h.add("cookie", cookie);
      }
      HttpCommunicator.Response r = HttpCommunicator.request(app, method, path, h.build(), body, null).response();
      setCookie = r.headers().first("set-cookie");
      if (setCookie != null) {
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
      }
      return r;
    }

    String get(String path) {
      return request("GET", path).bodyText();
    }
  }

  @Test
  void sessionFollowsTheSignedCookieAcrossRequests() {
    Browser b = new Browser(app());
    assertThat(b.get("/count")).isEqualTo("1");
    assertThat(b.setCookie).startsWith("sb_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Lax",
        "; Max-Age=1209600").doesNotContain("Secure");
    assertThat(b.get("/count")).isEqualTo("2");
    assertThat(b.get("/count")).isEqualTo("3");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void anUntouchedVisitCreatesNoSessionAndNoCookie() {
    Browser b = new Browser(app());
    assertThat(b.get("/me")).isEqualTo("anonymous");
    assertThat(b.setCookie).isNull();
    assertThat(store.size()).isZero();
  }

  @Test
  void aForgedOrAlteredCookieGetsAFreshSession() {
    Browser b = new Browser(app());
    b.get("/count");
    b.get("/count");
    String good = b.cookie;
    String value = good.substring(good.indexOf('=') + 1);
    String id = value.substring(0, value.lastIndexOf('.'));
    for (String forged : new String[] {
        "sb_session=" + id, "sb_session=" + id + ".AAAA", "sb_session=x" + value,
        "sb_session=" + id.substring(1) + value.substring(value.lastIndexOf('.'))}) {
      Browser attacker = new Browser(b.app);
      attacker.cookie = forged;
      assertThat(attacker.get("/count")).as(forged).isEqualTo("1");
    }
  }

  @Test
  void loginPutsTheUserIntoLaterScopesAndRotatesTheId() {
    Browser b = new Browser(app());
    b.get("/count"); // a session exists before login, as a fixation attack would plant
    String before = b.cookie;
    assertThat(b.get("/login?user=ada")).isEqualTo("logged in");
    assertThat(b.cookie).isNotEqualTo(before);
    assertThat(b.get("/me")).isEqualTo("ada");
    assertThat(b.get("/count")).isEqualTo("2"); // the data moved to the new id

    Browser fixated = new Browser(b.app);
    fixated.cookie = before;
    assertThat(fixated.get("/me")).isEqualTo("anonymous");
  }

  @Test
  void logoutEmptiesTheSessionAndRotatesTheId() {
    Browser b = new Browser(app());
    b.get("/login?user=ada");
    String loggedIn = b.cookie;
    b.get("/logout");
    assertThat(b.cookie).isNotEqualTo(loggedIn);
    assertThat(b.get("/me")).isEqualTo("anonymous");
    Browser stolen = new Browser(b.app);
    stolen.cookie = loggedIn;
    assertThat(stolen.get("/me")).isEqualTo("anonymous");
  }

  @Test
  void aUserTheLoaderNoLongerKnowsIsAnonymous() {
    Browser b = new Browser(app());
    b.get("/login?user=gone");
    assertThat(b.get("/me")).isEqualTo("anonymous");
  }

  @Test
  void sessionsExpireAfterMaxAge() {
    Browser b = new Browser(app(SessionMiddleware.builder().store(store).secret(SECRET)
        .maxAge(Duration.ofSeconds(1)).build()));
    b.get("/login?user=ada");
    assertThat(b.setCookie).contains("; Max-Age=1;");
    assertThat(b.get("/me")).isEqualTo("ada");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/me").equals("anonymous"));
  }

  @Test
  void secureCanBeForcedBehindATlsProxy() {
    Browser b = new Browser(app(SessionMiddleware.builder().store(store).secret(SECRET).secure(true).build()));
    b.get("/count");
    assertThat(b.setCookie).endsWith("; Secure");
  }

  @Test
  void stateChangingRequestsNeedTheCsrfToken() {
    Browser b = new Browser(app());
    String token = b.get("/token");
    assertThat(b.request("POST", "/change").status()).isEqualTo(403);
    assertThat(b.request("POST", "/change", "x-csrf-token", "wrong").status()).isEqualTo(403);
    assertThat(b.request("DELETE", "/change", "x-csrf-token", token).bodyText()).isEqualTo("changed: ");
    assertThat(b.request("POST", "/change", "x-csrf-token", token, "origin", "http://evil.test").status())
        .isEqualTo(403);
    assertThat(b.request("POST", "/change", "x-csrf-token", token, "origin", "http://site.test").status())
        .isEqualTo(200);

    Browser other = new Browser(b.app); // another visitor's token is not this one's
    other.get("/token");
    assertThat(other.request("POST", "/change", "x-csrf-token", token).status()).isEqualTo(403);
  }

  @Test
  void aFormPassesTheCsrfTokenInAField() {
    Browser b = new Browser(app());
    String token = b.get("/token");
    byte[] form = ("a=1&csrf_token=" + token + "&b=2").getBytes(StandardCharsets.US_ASCII);
    HttpCommunicator.Response ok = b.request("POST", "/change", form,
        "content-type", "application/x-www-form-urlencoded");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.bodyText()).isEqualTo("changed: a=1&csrf_token=" + token + "&b=2");
    byte[] bad = "a=1&csrf_token=nope".getBytes(StandardCharsets.US_ASCII);
    assertThat(b.request("POST", "/change", bad, "content-type", "application/x-www-form-urlencoded").status())
        .isEqualTo(403);
  }

  @Test
  void configurationIsCheckedWithTheRule() {
    assertThatThrownBy(() -> SessionMiddleware.builder().secret(new byte[16]))
        .hasMessage("secret must be at least 32 bytes (256 bits) for HMAC-SHA256: 16");
    assertThatThrownBy(() -> SessionMiddleware.builder().secret(SECRET).build())
        .hasMessageStartingWith("store must be set");
    assertThatThrownBy(() -> SessionMiddleware.builder().cookieName("a b"))
        .hasMessageStartingWith("cookieName must be ASCII letters");
    assertThatThrownBy(() -> Session.of(Scope.builder(Scope.Type.HTTP, "/").build()))
        .hasMessageContaining("wrap the application in a SessionMiddleware");
  }
}
