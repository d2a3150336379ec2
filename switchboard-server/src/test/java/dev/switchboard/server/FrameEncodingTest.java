package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The frame handler takes over encoding from Netty's per-socket encoder once the HTTP codec is
 * gone, and writes exactly the bytes that encoder wrote.
 */
class FrameEncodingTest {
  private static final List<Supplier<WebSocketFrame>> FRAMES = List.of(
      () -> new TextWebSocketFrame("hello"),
      () -> new TextWebSocketFrame("x".repeat(70_000)), // 64-bit length, header apart
      () -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
      () -> new PingWebSocketFrame(),
      () -> new CloseWebSocketFrame(1001, "going away"));

  /** The frame handler alone, so no session is needed: closing would report to it. */
  private static WebSocketFrameHandler handler() {
    return new WebSocketFrameHandler(null, new MessageRate(0, 0));
  }

  private static byte[] written(EmbeddedChannel channel, Object message) {
    channel.writeOutbound(message);
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
      all.writeBytes(part);
      part.release();
    }
    return ByteBufUtil.getBytes(all);
  }

  private static byte[] byNetty(WebSocketFrame frame) {
    EmbeddedChannel netty = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    byte[] bytes = written(netty, frame);
    netty.finishAndReleaseAll();
    return bytes;
  }

  @Test
  void whileTheHttpCodecIsThereNettysEncoderStaysUntilTheHandshakeIsWritten() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
    channel.pipeline().addLast("http", new HttpServerCodec());
    channel.pipeline().addLast("ws", handler());
    assertThat(channel.pipeline().get(WebSocketFrameEncoder.class)).isNotNull();
    // a frame passes the HTTP codec unencoded, as before the upgrade
    assertThat(written(channel, new TextWebSocketFrame("early")))
        .isEqualTo(byNetty(new TextWebSocketFrame("early")));

    channel.pipeline().remove("http");
    WebSocketFrameHandler.handshakeWritten(channel);
    assertThat(channel.pipeline().get(WebSocketFrameEncoder.class)).isNull();
    for (Supplier<WebSocketFrame> frame : FRAMES) {
      assertThat(written(channel, frame.get())).isEqualTo(byNetty(frame.get()));
    }
    channel.pipeline().remove("ws");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aHandshakeWrittenBeforeTheUpgradeMeansEncodingAtOnce() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    channel.pipeline().addLast("ws", handler());
    assertThat(channel.pipeline().get(WebSocketFrameEncoder.class)).isNull();
    for (Supplier<WebSocketFrame> frame : FRAMES) {
      assertThat(written(channel, frame.get())).isEqualTo(byNetty(frame.get()));
    }
    // a frame encoded once for many sockets passes as it is
    byte[] prepared = byNetty(new TextWebSocketFrame("shared"));
    assertThat(written(channel, Unpooled.wrappedBuffer(prepared))).isEqualTo(prepared);
    channel.pipeline().remove("ws");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }
}
