package dev.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.testing.WebSocketCommunicator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JsonWebSocketConsumerTest {
  static final class Reply extends JsonWebSocketConsumer {
    @Override
    protected void receiveJson(JsonNode content) {
      sendJson(Map.of("got", content.path("n").asInt() + 1));
    }
  }

  final Application app = Consumer.app(Reply::new);

  @Test
  void decodesAndEncodesJson() {
    try (var ws = WebSocketCommunicator.of(app, "/j")) {
      ws.connect();
      ws.sendJson(Map.of("n", 41));
      assertThat(ws.receiveJson().get("got").asInt()).isEqualTo(42);
    }
  }

  @Test
  void malformedJsonClosesWith1007AndReachesNoHandler() {
    try (var ws = WebSocketCommunicator.of(app, "/j")) {
      ws.connect();
      ws.sendText("{\"n\": ");
      var close = ws.receiveClose();
      assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
      assertThat(close.reason()).startsWith("malformed JSON");
      ws.receiveNothing();
    }
  }

  @Test
  void emptyTextIsMalformed() {
    try (var ws = WebSocketCommunicator.of(app, "/j")) {
      ws.connect();
      ws.sendText("");
      assertThat(ws.receiveClose().code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }
  }

  @Test
  void binaryIsRefusedWith1003() {
    try (var ws = WebSocketCommunicator.of(app, "/j")) {
      ws.connect();
      ws.sendBytes(new byte[] {1});
      assertThat(ws.receiveClose().code()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    }
  }
}
