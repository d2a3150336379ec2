package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.CloseCodes;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server pings keep a quiet chat socket alive; a peer that stops answering them is closed. */
@Timeout(60)
class ChatKeepaliveTest {
  @Test
  void pongsKeepAQuietSocketAliveAndSilenceClosesItWith1001() {
    try (var layer = new InMemoryChannelLayer();
        var server =
            SwitchboardServer.create(
                    cfg ->
                        cfg.host("127.0.0.1")
                            .port(0)
                            .application(ChatExample.application())
                            .channelLayer(layer)
                            .pingInterval(Duration.ofMillis(200))
                            .pongTimeout(Duration.ofMillis(300))
                            .idleTimeout(Duration.ofMillis(800)))
                .start()) {
      URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/chat/quiet/");
      var alive = WebSocketTestClient.connect(uri);
      var silent = WebSocketTestClient.builder(uri).autoPong(false).connect();
      try {
        assertThat(silent.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.GOING_AWAY);
        // Well past the idle timeout, the answering socket is still open and still chats.
        alive.receiveNothing(Duration.ofMillis(2000));
        assertThat(alive.pingsReceived()).isGreaterThanOrEqualTo(5);
        alive.sendText("{\"message\":\"still\"}");
        assertThat(alive.receiveText(Duration.ofSeconds(5))).isEqualTo("{\"message\":\"still\"}");
      } finally {
        alive.abort();
        silent.abort();
      }
    }
  }
}
