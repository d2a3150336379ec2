package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Frames encoded once must decode, as a client would, to exactly the message sent. */
class PreparedFrameTest {
  /** Decodes server frames as a client does (unmasked frames expected). */
  static WebSocketFrame decode(byte[] bytes) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
    client.writeInbound(Unpooled.wrappedBuffer(bytes));
    WebSocketFrame frame = client.readInbound();
    assertThat((Object) client.readInbound()).as("exactly one frame").isNull();
    return frame;
  }

  @Test
  void textFramesOfEveryLengthClassDecodeToTheText() {
    for (int length : new int[] {0, 1, 125, 126, 1024, 1025, 65535, 65536, 200_000}) {
      String text = "é".repeat(length / 2) + "x".repeat(length % 2);
      WebSocketFrame frame = decode(PreparedFrame.of(Message.textFrame(text)).bytes());
      assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
      assertThat(((TextWebSocketFrame) frame).text()).as("length %d", length).isEqualTo(text);
      frame.release();
    }
  }

  @Test
  void binaryFramesDecodeToTheBytes() {
    byte[] data = new byte[3000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    WebSocketFrame frame = decode(PreparedFrame.of(Message.binaryFrame(data)).bytes());
    assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
    ByteBuf content = frame.content();
    byte[] got = new byte[content.readableBytes()];
    content.readBytes(got);
    assertThat(got).isEqualTo(data);
    frame.release();
  }

  @Test
  void aMessageIsEncodedOnceAndSharedByEveryRecipient() {
    Message m = Message.textFrame("{\"message\":\"hi\"}");
    assertThat(PreparedFrame.of(m)).isSameAs(PreparedFrame.of(m));
    assertThat(new String(PreparedFrame.of(m).bytes(), 2, 16, StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"hi\"}");
  }

  @Test
  void concurrentEncodersDoNotMixFrames() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2000; i++) {
                    String text = "t" + id + "-" + i + "-" + "z".repeat(i % 1500);
                    WebSocketFrame f = decode(PreparedFrame.of(Message.textFrame(text)).bytes());
                    boolean same = ((TextWebSocketFrame) f).text().equals(text);
                    f.release();
                    if (!same) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
