package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message bodies and frames: exact round trips, and clear refusals of what is not ours. */
class CodecTest {
  private final MessageCodec plain = new MessageCodec(null);
  private final MessageCodec sealed = new MessageCodec(new BodyCipher(List.of("k".repeat(20))));

  @Test
  void cborKeepsIntegerWidthsBytesAndOrder() {
    Message m =
        Message.of(
            "t.x",
            Map.of("i", 1, "l", 1L << 40, "d", 0.5, "b", new byte[] {1, 2}, "list", List.of("a", 2)));
    for (MessageCodec codec : List.of(plain, sealed)) {
      Message back = codec.decode(codec.encode(m), 0);
      assertThat(back).isEqualTo(m);
      assertThat(back.get("i")).isInstanceOf(Integer.class);
      assertThat(back.get("l")).isInstanceOf(Long.class);
      assertThat(back.get("b")).isInstanceOf(byte[].class);
    }
  }

  @Test
  void tamperedSealedBodyFailsAuthentication() {
    byte[] body = sealed.encode(Message.of("t.x", "s", "secret"));
    body[body.length - 1] ^= 1;
    assertThatThrownBy(() -> sealed.decode(body, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void framesCarryKindDeadlineNameAndPayload() {
    byte[] payload = plain.encode(Message.of("t.x"));
    Frames.Frame f = Frames.parse(Frames.frame(Frames.GROUP, 1234567890123L, "room-1.a_b", payload));
    assertThat(f.kind()).isEqualTo(Frames.GROUP);
    assertThat(f.deadline()).isEqualTo(1234567890123L);
    assertThat(f.name()).isEqualTo("room-1.a_b");
    assertThat(plain.decode(f.bytes(), f.payloadOffset())).isEqualTo(Message.of("t.x"));

    byte[] item = Frames.item(42, payload);
    assertThat(Frames.itemDeadline(item)).isEqualTo(42);
    assertThat(plain.decode(item, Frames.itemBodyOffset(item))).isEqualTo(Message.of("t.x"));
  }

  @Test
  void foreignBytesAreRefused() {
    assertThatThrownBy(() -> Frames.parse("hello".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a switchboard frame");
    assertThatThrownBy(() -> plain.decode(new byte[] {7, 1, 2}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown message body format");
  }
}
