package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.testing.WebSocketCommunicator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat consumer through communicators: no sockets, a real in-memory layer. */
@Timeout(30)
class ChatConsumerTest {
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final Application app = ChatExample.application();

  @AfterEach
  void closeLayer() {
    layer.close();
  }

  WebSocketCommunicator join(String room) {
    var ws = WebSocketCommunicator.builder(app, "/ws/chat/" + room + "/").layer(layer).build();
    assertThat(ws.connect().accepted()).isTrue();
    return ws;
  }

  @Test
  void aMessageReachesEveryoneInTheRoomIncludingTheSenderAndNobodyElse() {
    try (var a = join("lobby");
        var b = join("lobby");
        var other = join("kitchen")) {
      a.sendJson(Map.of("message", "hello"));
      assertThat(a.receiveJson().toString()).isEqualTo("{\"message\":\"hello\"}");
      assertThat(b.receiveJson().toString()).isEqualTo("{\"message\":\"hello\"}");
      other.receiveNothing();
      a.receiveNothing();
      b.receiveNothing();
    }
  }

  @Test
  void disconnectLeavesTheRoomGroup() {
    var a = join("lobby");
    try (var b = join("lobby")) {
      a.disconnect();
      layer.groupSend("chat_lobby", Message.of("chat.message", "message", "after")).join();
      assertThat(b.receiveJson().get("message").asText()).isEqualTo("after");
      long delivered = layer.stats().delivered();
      layer.groupSend("chat_lobby", Message.of("chat.message", "message", "again")).join();
      assertThat(layer.stats().delivered()).isEqualTo(delivered + 1); // only b remains
    }
  }

  @Test
  void aMessageWithoutAStringMessageFieldClosesWith1007() {
    try (var a = join("lobby");
        var b = join("lobby")) {
      a.sendJson(Map.of("text", "wrong field"));
      var close = a.receiveClose();
      assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
      assertThat(close.reason()).contains("\"message\"");
      b.receiveNothing();
    }
  }

  @Test
  void aSenderNameTravelsWithTheMessage() {
    try (var a = join("lobby");
        var b = join("lobby")) {
      a.sendJson(Map.of("message", "hi", "user", "alice"));
      assertThat(b.receiveJson().toString()).isEqualTo("{\"message\":\"hi\",\"user\":\"alice\"}");
      assertThat(a.receiveJson().get("user").asText()).isEqualTo("alice");
    }
  }

  @Test
  void aSenderNameThatIsNotAShortStringClosesWith1007NamingTheRule() {
    try (var a = join("lobby");
        var b = join("lobby")) {
      a.sendJson(Map.of("message", "hi", "user", "x".repeat(ChatConsumer.MAX_USER + 1)));
      var close = a.receiveClose();
      assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
      assertThat(close.reason()).contains("\"user\" must be a string of 1 to 50 characters");
      b.receiveNothing();
    }
  }

  @Test
  void malformedJsonClosesOnlyTheSender() {
    try (var a = join("lobby");
        var b = join("lobby")) {
      a.sendText("{not json");
      assertThat(a.receiveClose().code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
      b.sendJson(Map.of("message", "still fine"));
      assertThat(b.receiveJson().get("message").asText()).isEqualTo("still fine");
    }
  }

  @Test
  void roomNamesFollowTheRule() {
    assertThat(WebSocketCommunicator.builder(app, "/ws/chat/bad.room/").layer(layer).build().connect().status())
        .isEqualTo(404);
    String longest = "r".repeat(100);
    try (var a = join(longest)) {
      a.sendJson(Map.of("message", "long room"));
      assertThat(a.receiveJson().get("message").asText()).isEqualTo("long room");
    }
    assertThat(ChatConsumer.groupFor(longest)).hasSizeLessThanOrEqualTo(100).startsWith("chat_h");
  }
}
