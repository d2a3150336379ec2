package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP/1.1 requests answered by an application: bodies, keep-alive, streaming, limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Recorder recorder = new Recorder();
  private final CountDownLatch secondPart = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestServer server;

  /** Answers by path once the whole request body is in; counts body parts and bytes. */
  private Application app() {
    return conn -> new dev.switchboard.ConnectionHandler() {
      int parts;
      long bytes;

      @Override
      public void handle(InboundEvent event) throws Exception {
        if (event instanceof InboundEvent.HttpDisconnect) {
          recorder.add("disconnect " + conn.scope().path());
          return;
        }
        if (!(event instanceof InboundEvent.HttpRequest r)) {
          return;
        }
        parts++;
        bytes += r.body().length;
        if (r.moreBody()) {
          return;
        }
        String path = conn.scope().path();
        switch (path) {
          case "/hello" -> TestApps.respond(conn, 200, "hello " + conn.scope().method());
          case "/body" -> TestApps.respond(conn, 200, "parts=" + parts + " bytes=" + bytes);
          case "/client" -> TestApps.respond(conn, 200, String.valueOf(conn.scope().client().getPort()));
          case "/fail" -> throw new IllegalStateException("failing on purpose");
          case "/stream" -> {
            conn.send(new OutboundEvent.HttpResponseStart(200, Headers.of("content-type", "text/plain")));
            conn.send(new OutboundEvent.HttpResponseBody("first;".getBytes(StandardCharsets.UTF_8), true));
            recorder.add("first sent");
            assertThat(secondPart.await(10, TimeUnit.SECONDS)).isTrue();
            conn.send(new OutboundEvent.HttpResponseBody("second".getBytes(StandardCharsets.UTF_8), false));
          }
          default -> TestApps.respond(conn, 404, "no route for " + path);
        }
      }
    };
  }

  @BeforeEach
  void start() {
    server = TestServer.startWith(cfg -> {
      cfg.application(app()).maxRequestBodySize(400_000);
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.httpUri(path)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void completeResponseCarriesContentLength() throws Exception {
    HttpResponse<String> r = get("/hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello GET");
    assertThat(r.headers().firstValue("content-length")).hasValue("9");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    assertThat(recorder.next(WAIT)).isEqualTo("disconnect /hello");
    assertThat(server.server().meterRegistry().get("switchboard.http.requests").tag("status", "2xx")
        .counter().count()).isEqualTo(1.0);
  }

  @Test
  void keepAliveReusesTheConnectionUntilConnectionClose() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /client HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response first = raw.read();
      raw.send("GET /client HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response second = raw.read();
      assertThat(first.status()).isEqualTo(200);
      assertThat(second.body()).isEqualTo(first.body()); // same client port: same connection
      raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawHttp.Response last = raw.read();
      assertThat(last.body()).isEqualTo("hello GET");
      assertThat(last.header("connection")).isEqualTo("close");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredOneAfterAnotherInOrder() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
          + "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("hello GET");
      RawHttp.Response second = raw.read();
      assertThat(second.status()).isEqualTo(404);
      assertThat(second.body()).isEqualTo("no route for /nowhere");
      RawHttp.Response head = raw.read();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Test
  void requestBodyIsStreamedToTheApplicationInParts() throws Exception {
    byte[] body = new byte[300_000];
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.httpUri("/body")).timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).endsWith(" bytes=300000");
    int parts = Integer.parseInt(r.body().substring(6, r.body().indexOf(' ')));
    assertThat(parts).isGreaterThanOrEqualTo(5); // the codec hands over at most 64 KiB at a time
  }

  @Test
  void streamingResponseFlushesEachPart() throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(server.httpUri("/stream"))
        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    try (InputStream in = r.body()) {
      // the second part is held back until the first has arrived
      assertThat(new String(in.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("first;");
      assertThat(recorder.next(WAIT)).isEqualTo("first sent");
      secondPart.countDown();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void bodyOverTheLimitGets413() throws Exception {
    byte[] big = new byte[500_000];
    HttpResponse<String> declared = http.send(HttpRequest.newBuilder(server.httpUri("/body"))
        .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body()).contains("400000");

    // without a Content-Length the limit is found while reading, and the app is told
    HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(server.httpUri("/body"))
        .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(recorder.next(WAIT)).isEqualTo("disconnect /body");

    assertThat(get("/hello").body()).isEqualTo("hello GET"); // the server carries on
  }

  @Test
  void applicationFailureAnswers500AndTheConnectionStaysUsable() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response failed = raw.read();
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.body()).isEqualTo("internal error\n");
      raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("hello GET");
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosedButALongStreamingResponseIsNot() throws Exception {
    Application slowStream = conn -> event -> {
      if (event instanceof InboundEvent.HttpRequest r && !r.moreBody()) {
        conn.send(new OutboundEvent.HttpResponseStart(200, Headers.EMPTY));
        for (int i = 0; i < 4; i++) { // four parts over about 800 ms: longer than the idle timeout
          conn.send(new OutboundEvent.HttpResponseBody(("part" + i + ";").getBytes(StandardCharsets.UTF_8), true));
          Thread.sleep(200);
        }
        conn.send(new OutboundEvent.HttpResponseBody(new byte[0], false));
      }
    };
    try (TestServer idle = TestServer.startWith(cfg -> {
      cfg.application(slowStream).pingInterval(Duration.ZERO).idleTimeout(Duration.ofMillis(300));
    })) {
      HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(idle.httpUri("/events"))
          .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(streamed.body()).isEqualTo("part0;part1;part2;part3;");
      try (RawHttp raw = new RawHttp(idle.port())) {
        long start = System.nanoTime();
        assertThat(raw.closedByServer()).isTrue(); // nothing sent: closed after the idle timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
      }
    }
  }
}
