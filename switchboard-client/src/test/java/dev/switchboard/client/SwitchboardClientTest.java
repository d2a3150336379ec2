package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Application;
import dev.switchboard.consumer.LambdaConsumer;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against the real server on port 0: both APIs, tokens, refusals, closing. */
@Timeout(60)
class SwitchboardClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  static final Application ECHO = LambdaConsumer.webSocket(ws -> ws.onText((c, text) -> c.send(text)));

  /** Tells the client, once connected, the token it presented in each of the three places. */
  private static final Application WHO = LambdaConsumer.webSocket(ws -> ws.onConnect((c, v) -> {
    c.accept(c.scope().subprotocols().contains("bearer") ? "bearer" : null);
    c.send("query=" + c.scope().queryParam("token") + " header="
        + c.scope().headers().first("authorization") + " protocols=" + c.scope().subprotocols());
  }));

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closing.add(c);
    return c;
  }

  @Test
  void blockingApiSendsAndReceivesInOrder() throws Exception {
    TestServer server = closing(TestServer.start(ECHO));
    SwitchboardClient client = closing(SwitchboardClient.builder(server.wsUri("/")).build());
    client.connect(WAIT);
    assertThat(client.state()).isEqualTo(ClientState.OPEN);

    for (int i = 0; i < 200; i++) {
      client.send("m" + i);
    }
    for (int i = 0; i < 200; i++) {
      assertThat(client.receive(WAIT)).isEqualTo("m" + i);
    }
    assertThat(client.receive(Duration.ofMillis(200))).as("nothing else arrives").isNull();
  }

  @Test
  void futureApiCompletesSendsAndReceives() throws Exception {
    TestServer server = closing(TestServer.start(ECHO));
    SwitchboardClient client = closing(SwitchboardClient.builder(server.wsUri("/")).build());
    CompletableFuture<String> reply = client.connectAsync()
        .thenCompose(v -> client.sendJsonAsync(Map.of("message", "hi")))
        .thenCompose(v -> client.receiveAsync());

    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"hi\"}");
    client.sendJson(Map.of("n", 2));
    JsonNode json = client.receiveJson(WAIT);
    assertThat(json.get("n").asInt()).isEqualTo(2);
  }

  @Test
  void onTextHandlerGetsEveryTextInOrder() throws Exception {
    TestServer server = closing(TestServer.start(ECHO));
    java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
    SwitchboardClient client = closing(SwitchboardClient.builder(server.wsUri("/")).onText(got::add).build());
    client.connect(WAIT);
    client.send("a");
    client.send("b");

    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("b");
    assertThatThrownBy(() -> client.receive(WAIT)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("onText");
  }

  /** Connects to {@link #WHO} with the auth {@code configure} sets; returns what it saw. */
  private String presented(String path, UnaryOperator<ClientBuilder> configure) throws Exception {
    TestServer server = closing(TestServer.start(WHO));
    SwitchboardClient client = closing(configure.apply(SwitchboardClient.builder(server.wsUri(path))).build());
    client.connect(WAIT);
    return client.receive(WAIT);
  }

  @Test
  void tokenTravelsAsQueryParameterByDefault() throws Exception {
    assertThat(presented("/?room=a", b -> b.token("s3cret")))
        .isEqualTo("query=s3cret header=null protocols=[]");
  }

  @Test
  void tokenTravelsAsBearerHeader() throws Exception {
    assertThat(presented("/", b -> b.auth(TokenAuth.bearerHeader(() -> "t1"))))
        .isEqualTo("query=null header=Bearer t1 protocols=[]");
  }

  @Test
  void tokenTravelsAsSubprotocol() throws Exception {
    assertThat(presented("/", b -> b.auth(TokenAuth.subprotocol("bearer", () -> "abc.def"))))
        .isEqualTo("query=null header=null protocols=[bearer, abc.def]");
  }

  @Test
  void aTokenThatIsNoHttpTokenIsRefusedAsASubprotocolNamingTheCharacter() {
    TokenAuth auth = TokenAuth.subprotocol("bearer", () -> "a b");
    assertThatThrownBy(auth::subprotocols).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 1 is ' '");
  }

  @Test
  void aRefusedHandshakeFailsConnectWithItsStatusAndStops() throws Exception {
    TestServer server = closing(TestServer.start(OriginValidator.sameHost().requireOrigin().wrap(ECHO)));
    Events events = new Events();
    SwitchboardClient client = closing(SwitchboardClient.builder(server.wsUri("/")).listener(events).build());

    assertThatThrownBy(() -> client.connect(WAIT))
        .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(events.await("closed", WAIT)).contains("HTTP 403");
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
  }

  @Test
  void closeFailsQueuedSendsAndWaitingReceives() throws Exception {
    SwitchboardClient client = SwitchboardClient.builder(java.net.URI.create("ws://127.0.0.1:1/"))
        .backoff(new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))).build();
    client.connectAsync();
    CompletableFuture<Void> queued = client.sendAsync("never connected");
    CompletableFuture<String> waiting = client.receiveAsync();
    client.close();

    assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> client.send("after")).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void aClosedPortIsReportedAsConnectionRefused() throws Exception {
    Events events = new Events();
    try (SwitchboardClient client = SwitchboardClient.builder(java.net.URI.create("ws://127.0.0.1:1/"))
        .backoff(new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))).listener(events).build()) {
      client.connectAsync();
      assertThat(events.await("lost", WAIT)).isEqualTo("lost: cannot connect: connection refused");
      assertThat(client.state()).isEqualTo(ClientState.CONNECTING);
    }
  }

  @Test
  void aNonWebSocketUriIsRefusedNamingTheRule() {
    assertThatThrownBy(() -> SwitchboardClient.builder(java.net.URI.create("http://x/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws:// or wss://");
  }
}
