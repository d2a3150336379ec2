package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code switchboard demo --tls} serves the chat over https and wss with a self-signed certificate
 * it makes itself, and says so in its ready line.
 */
@Timeout(120)
class DemoTlsTest {

  /** A client that trusts the demo's self-signed certificate (any certificate: test only). */
  private static HttpClient trustingClient() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void theDemoServesTheChatOverHttpsAndWssWithACertificateOfItsOwn() throws Exception {
    int port = DemoProcess.freePort();
    try (DemoProcess demo = DemoProcess.cli(List.of(), List.of("demo", "--tls", "--port", Integer.toString(port)), port)) {
      String ready = demo.awaitLine("chat demo ready", Duration.ofSeconds(60));
      assertThat(ready).contains("https://127.0.0.1:" + port + "/");
      HttpClient client = trustingClient();

      HttpResponse<String> page = client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);

      CompletableFuture<String> echoed = new CompletableFuture<>();
      WebSocket ws = client.newWebSocketBuilder()
          .buildAsync(URI.create("wss://127.0.0.1:" + port + "/ws/chat/tls/"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              echoed.complete(data.toString());
              return null;
            }
          })
          .get(10, TimeUnit.SECONDS);
      ws.sendText("{\"message\":\"over wss\"}", true).get(10, TimeUnit.SECONDS);
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"over wss\"}");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
  }
}
