package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text payloads both ways: a received text message is decoded only if it is valid UTF-8 (the
 * JDK's decoder first, a byte-by-byte check only when its result holds U+FFFD), and a text sent
 * becomes a frame holding exactly its UTF-8.
 */
class TextPayloadTest {
  private static ByteBuf direct(byte[] bytes) {
    return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"message\":\"hi\"}", "héllo wörld", "日本語のテキスト", "emoji 😀 and 𝄞",
      "a replacement character sent as such: \uFFFD", "\uFFFD\uFFFD"})
  void validUtf8DecodesToTheSameText(String text) {
    ByteBuf content = direct(text.getBytes(StandardCharsets.UTF_8));
    try {
      assertThat(WebSocketFrameHandler.utf8(content)).isEqualTo(text);
      assertThat(content.readerIndex()).as("the buffer is not consumed").isZero();
    } finally {
      content.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "80", // a continuation byte alone
      "c3", // a two-byte sequence cut short
      "e6 97", // a three-byte sequence cut short
      "c0 af", // an overlong '/'
      "e0 80 af", // an overlong '/' in three bytes
      "ed a0 80", // a UTF-16 surrogate (U+D800)
      "f4 90 80 80", // beyond U+10FFFF
      "ff", // never in UTF-8
      "68 69 c3 28 21", // valid text around a broken sequence
      "ef bf bd 80" // a valid U+FFFD followed by a stray continuation byte
  })
  void invalidUtf8IsRefused(String hex) {
    ByteBuf content = direct(HexFormat.ofDelimiter(" ").parseHex(hex));
    try {
      assertThat(WebSocketFrameHandler.utf8(content)).isNull();
    } finally {
      content.release();
    }
  }

  @Test
  void aMessageJoinedFromFragmentsDecodesAcrossTheirBorders() {
    byte[] whole = "ß and 😀".getBytes(StandardCharsets.UTF_8);
    CompositeByteBuf joined = Unpooled.compositeBuffer();
    // split inside the two-byte ß and inside the four-byte emoji
    joined.addComponent(true, direct(Arrays.copyOfRange(whole, 0, 1)));
    joined.addComponent(true, direct(Arrays.copyOfRange(whole, 1, 8)));
    joined.addComponent(true, direct(Arrays.copyOfRange(whole, 8, whole.length)));
    try {
      assertThat(WebSocketFrameHandler.utf8(joined)).isEqualTo("ß and 😀");
    } finally {
      joined.release();
    }
  }

  @Test
  void aTextMessageBecomesATextFrameOfItsUtf8() {
    Message send = Message.textFrame("grüße 😀");
    WebSocketFrame frame = WebSocketUpgrade.frame(send);
    try {
      assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
      assertThat(ByteBufUtil.getBytes(frame.content()))
          .isEqualTo("grüße 😀".getBytes(StandardCharsets.UTF_8));
    } finally {
      frame.release();
    }
    // a second frame of the same message reads the same bytes from the start
    WebSocketFrame again = WebSocketUpgrade.frame(send);
    assertThat(((TextWebSocketFrame) again).text()).isEqualTo("grüße 😀");
    again.release();
  }

  @Test
  void aBytesMessageBecomesABinaryFrameOfThoseBytes() {
    WebSocketFrame frame = WebSocketUpgrade.frame(Message.binaryFrame(new byte[] {0, 1, (byte) 0xff}));
    assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(ByteBufUtil.getBytes(frame.content())).containsExactly(0, 1, 0xff);
    frame.release();
  }

  @Test
  void sendEventsBecomeFramesOfTheirTextOrBytes() {
    WebSocketFrame text = WebSocketUpgrade.frame(OutboundEvent.WebSocketSend.text("ça va"));
    assertThat(text).isInstanceOf(TextWebSocketFrame.class);
    assertThat(((TextWebSocketFrame) text).text()).isEqualTo("ça va");
    text.release();
    WebSocketFrame bytes = WebSocketUpgrade.frame(new OutboundEvent.WebSocketSend(null, new byte[] {7}));
    assertThat(bytes).isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(ByteBufUtil.getBytes(bytes.content())).containsExactly(7);
    bytes.release();
  }
}
