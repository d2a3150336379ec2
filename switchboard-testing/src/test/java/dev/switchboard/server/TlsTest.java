package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.testing.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** https and wss from PEM files, with a self-signed certificate made by openssl for the test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void makeCertificate() throws Exception {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("openssl: %s", output).isZero();
  }

  /** Answers HTTP with the scheme it saw; echoes WebSocket text prefixed with the scheme. */
  private static Application schemes() {
    return conn -> event -> {
      String scheme = conn.scope().scheme();
      switch (event) {
        case InboundEvent.HttpRequest r when !r.moreBody() -> TestApps.respond(conn, 200, scheme);
        case InboundEvent.WebSocketConnect c -> conn.send(OutboundEvent.WebSocketAccept.PLAIN);
        case InboundEvent.WebSocketReceive r -> conn.send(OutboundEvent.WebSocketSend.text(scheme + " " + r.text()));
        default -> {}
      }
    };
  }

  private static SSLContext trusting() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      store.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tm.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tm.getTrustManagers(), null);
    return ssl;
  }

  @Test
  void httpsAndWssAreServedAndTheScopeSaysSo() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> cfg.application(schemes()).tls(cert, key))) {
      assertThat(server.server().config().tls()).isTrue();
      HttpClient http = HttpClient.newBuilder().sslContext(trusting()).build();
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("https");

      BlockingQueue<String> texts = new LinkedBlockingQueue<>();
      WebSocket ws = http.newWebSocketBuilder()
          .header("Origin", "https://127.0.0.1:" + server.port()) // same origin over TLS: allowed
          .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              texts.add(data.toString());
              w.request(1);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("wss hi");
      ws.abort();
    }
  }

  @Test
  void plainHttpOnATlsPortIsClosedNotHung() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> cfg.application(schemes()).tls(cert, key));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(4096); // whatever alert TLS sends, then end of stream
      assertThat(new String(answer)).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void aTlsHandshakeThatNeverEndsIsCutAtTheHeadTimeout() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> cfg.application(schemes()).tls(cert, key)
            .requestHeadTimeout(Duration.ofMillis(500)));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(0x16); // the first byte of a ClientHello, and no more
      long start = System.nanoTime();
      assertThat(socket.getInputStream().readAllBytes()).isNotNull(); // ends when the server closes
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void missingOrWrongPemFilesAreRefusedNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> ServerConfig.builder().tls(missing, key))
        .hasMessage("tls certificate chain must be a readable file: " + missing);
    assertThatThrownBy(() -> ServerConfig.builder().tls(key, cert))
        .hasMessageContaining("must be PEM");
  }
}
