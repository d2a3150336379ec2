package dev.switchboard.server;

import dev.switchboard.CloseCodes;
import dev.switchboard.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded pipeline: joins fragmented messages, checks them, and turns
 * whole messages and control frames into calls on the {@link WebSocketSession}. Failures map to
 * close codes: a message over maxMessageSize closes with 1009 naming the limit, a text message
 * that is not valid UTF-8 with 1007, other protocol errors (from the frame decoder) with 1002.
 * Per channel.
 *
 * <p>Joining and checking here, rather than in Netty's aggregator and UTF-8 validator handlers,
 * saves every open socket two handlers and their pipeline contexts; for the same reason the
 * session flushes what a read burst produced (pongs, a non-blocking handler's replies) once, at
 * the burst's end, which the pipeline's flush consolidation did before the upgrade. A text message is checked
 * once it is complete, so an invalid fragment is noticed at the message's end (the limit still
 * bounds what is buffered).
 *
 * <p>Once the handshake response has left and the HTTP codec is gone, this handler also encodes
 * the frames written to the channel, with one encoder shared by every socket, and Netty's
 * per-socket frame encoder leaves the pipeline: an encoder is stateless, but as a handler of its
 * own it costs every open socket the encoder and its pipeline context (88 bytes). Until then
 * frames pass through to Netty's encoder, so none reaches the HTTP codec encoded.
 */
final class WebSocketFrameHandler extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
  private static final int MAX_COMPONENTS = 1024; // as Netty's aggregator: then it consolidates
  private static final SharedFrameEncoder ENCODER = new SharedFrameEncoder();
  private static final char REPLACEMENT = '\uFFFD';

  private final WebSocketSession session;
  private final MessageRate rate;
  // The socket's state under the message rate limit (MessageRate): one number, not a bucket.
  private long rateState = MessageRate.FRESH;
  // The fragments of the message being received, null between messages.
  private @Nullable CompositeByteBuf fragments;
  private boolean fragmentsText;
  // Whether this handler encodes outbound frames itself (see the class comment).
  private boolean encodes;

  WebSocketFrameHandler(WebSocketSession session, MessageRate rate) {
    this.session = session;
    this.rate = rate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.readStarted();
    try {
      if (!(msg instanceof ContinuationWebSocketFrame || msg instanceof CloseWebSocketFrame)
          && !withinRate()) {
        return;
      }
      switch (msg) {
        case TextWebSocketFrame t -> data(ctx, t, true);
        case BinaryWebSocketFrame b -> data(ctx, b, false);
        case ContinuationWebSocketFrame c -> continuation(c);
        case PingWebSocketFrame p -> session.ping(p.content());
        case PongWebSocketFrame p -> session.pong();
        case CloseWebSocketFrame c -> closeFrame(c);
        default -> log.debug("ws[{}] unexpected message dropped: {}", session.id(), msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.readCompleted();
    ctx.fireChannelReadComplete();
  }

  /**
   * Counts a message or control frame against the connection's rate ({@link MessageRate}) and
   * returns whether it is within it; the first one over closes the connection with 1008.
   */
  private boolean withinRate() {
    if (!rate.limited()) {
      return true;
    }
    if (rateState == MessageRate.OVER) {
      return false; // over the limit already: closing, the rest is dropped
    }
    long next = rate.admit(rateState, System.nanoTime());
    if (next != MessageRate.FRESH) {
      rateState = next;
      return true;
    }
    rateState = MessageRate.OVER;
    log.info("ws[{}] closed: {}", session.id(), rate.reason());
    session.close(CloseCodes.POLICY_VIOLATION, rate.reason(), WebSocketSession.CloseMode.AFTER_WRITE,
        ServerMetrics.Close.RATE_LIMITED);
    return false;
  }

  /**
   * A close frame arrived: echoed by the session if its code is one a peer may send and its
   * reason is UTF-8 (RFC 6455 7.4 and 8.1); otherwise the connection fails with 1002 or 1007.
   * Netty's decoder refuses a one-byte body and some codes, not codes from 5000 on, nor the reason's
   * encoding.
   */
  private void closeFrame(CloseWebSocketFrame frame) {
    ByteBuf body = frame.content();
    int code = body.readableBytes() >= 2 ? body.getUnsignedShort(body.readerIndex()) : -1;
    var mode = WebSocketSession.CloseMode.AFTER_WRITE;
    if (code != -1 && !CloseCodes.receivable(code)) {
      log.debug("ws[{}] closed: invalid close code {}", session.id(), code);
      session.close(CloseCodes.PROTOCOL_ERROR, "close code " + code + " is not allowed (RFC 6455 7.4)",
          mode, ServerMetrics.Close.PROTOCOL_ERROR);
    } else if (body.readableBytes() > 2
        && !ByteBufUtil.isText(body, body.readerIndex() + 2, body.readableBytes() - 2, StandardCharsets.UTF_8)) {
      log.debug("ws[{}] closed: close reason is not UTF-8", session.id());
      session.close(CloseCodes.INVALID_PAYLOAD, "close reason is not UTF-8", mode,
          ServerMetrics.Close.PROTOCOL_ERROR);
    } else {
      session.closeReceived(frame);
    }
  }

  /** The first (or only) frame of a message; the decoder rejects one inside another message. */
  private void data(ChannelHandlerContext ctx, WebSocketFrame frame, boolean text) {
    dropFragments();
    if (frame.isFinalFragment()) {
      message(frame.content(), text);
      return;
    }
    fragments = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
    fragmentsText = text;
    append(frame.content(), frame.isFinalFragment());
  }

  private void continuation(ContinuationWebSocketFrame frame) {
    if (fragments != null) { // else the message was cut off as too big: the rest is dropped
      append(frame.content(), frame.isFinalFragment());
    }
  }

  private void append(ByteBuf part, boolean last) {
    CompositeByteBuf joined = fragments;
    if (joined.readableBytes() > session.maxMessageSize() - part.readableBytes()) {
      dropFragments();
      tooBig();
      return;
    }
    joined.addComponent(true, part.retain());
    if (last) {
      fragments = null;
      try {
        message(joined, fragmentsText);
      } finally {
        joined.release();
      }
    }
  }

  private void message(ByteBuf content, boolean text) {
    if (!text) {
      session.binary(ByteBufUtil.getBytes(content));
      return;
    }
    String decoded = utf8(content);
    if (decoded != null) {
      session.text(decoded);
    } else {
      log.debug("ws[{}] closed: text message is not valid UTF-8", session.id());
      session.close(CloseCodes.INVALID_PAYLOAD, "bytes are not UTF-8",
          WebSocketSession.CloseMode.AFTER_WRITE, ServerMetrics.Close.PROTOCOL_ERROR);
    }
  }

  /**
   * Returns the text of a message, or null if its bytes are not valid UTF-8. Netty copies the
   * bytes out of the (direct) buffer in one bulk copy into a reused array and the JDK decodes
   * them, turning each malformed sequence into U+FFFD; only a text that then holds U+FFFD,
   * malformed or sent as such, is checked byte by byte. Checking every message byte by byte in
   * the direct buffer first cost a bounds-checked access per byte.
   */
  static @Nullable String utf8(ByteBuf content) {
    String text = content.toString(StandardCharsets.UTF_8);
    return text.indexOf(REPLACEMENT) < 0 || ByteBufUtil.isText(content, StandardCharsets.UTF_8)
        ? text
        : null;
  }

  private void tooBig() {
    String reason = "message too big: the limit is " + session.maxMessageSize() + " bytes";
    log.debug("ws[{}] closed: {}", session.id(), reason);
    session.close(CloseCodes.MESSAGE_TOO_BIG, reason, WebSocketSession.CloseMode.AFTER_WRITE,
        ServerMetrics.Close.TOO_BIG);
  }

  private void dropFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }

  /**
   * The handshake response was written and Netty's handshaker removed the HTTP codec: the frame
   * handler, if the pipeline has it already, takes over encoding. Event loop only.
   */
  static void handshakeWritten(Channel channel) {
    ChannelHandlerContext ctx = channel.pipeline().context(WebSocketFrameHandler.class);
    if (ctx != null) {
      ((WebSocketFrameHandler) ctx.handler()).takeOverEncoding(ctx);
    }
  }

  /** Takes over encoding at once if the handshake response was written before the upgrade. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.pipeline().get(HttpServerCodec.class) == null) {
      takeOverEncoding(ctx);
    }
  }

  private void takeOverEncoding(ChannelHandlerContext ctx) {
    if (encodes) {
      return;
    }
    encodes = true;
    ChannelPipeline p = ctx.pipeline();
    ChannelHandler netty = p.get(WebSocketFrameEncoder.class);
    if (netty != null) {
      p.remove(netty);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (encodes) {
      ENCODER.write(ctx, msg, promise); // frames encoded, anything else passed on as it is
    } else {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropFragments();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropFragments();
    session.inactive();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      session.idle();
    } else if (evt == ServerContext.SHUTDOWN) {
      session.shutdown();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    var mode = WebSocketSession.CloseMode.AFTER_WRITE;
    if (cause instanceof TooLongFrameException
        || (cause instanceof CorruptedWebSocketFrameException c
            && c.closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG)) {
      tooBig();
    } else if (cause instanceof CorruptedWebSocketFrameException c) {
      log.debug("ws[{}] closed: protocol error: {}", session.id(), c.getMessage());
      session.close(c.closeStatus().code(), truncate(c.getMessage()), mode,
          ServerMetrics.Close.PROTOCOL_ERROR);
    } else if (cause instanceof IOException) {
      log.debug("ws[{}] connection failed: {}", session.id(), cause.toString());
      ctx.close();
    } else {
      log.warn("ws[{}] failed; closing with 1011", session.id(), cause);
      session.close(CloseCodes.INTERNAL_ERROR, "internal error", mode, null);
    }
  }

  /** Keeps a close reason within the 123 bytes of UTF-8 a close frame allows. */
  static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    String r = reason;
    while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  /**
   * Netty's server-side frame encoder, one for every socket: it keeps no state of its own and
   * writes its output through the context it is given, the calling frame handler's.
   */
  @ChannelHandler.Sharable
  private static final class SharedFrameEncoder extends WebSocket13FrameEncoder {
    SharedFrameEncoder() {
      super(false); // a server does not mask its frames
    }
  }
}
