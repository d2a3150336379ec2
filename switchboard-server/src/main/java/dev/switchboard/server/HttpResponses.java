package dev.switchboard.server;

import dev.switchboard.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/** Small complete HTTP responses the server writes on its own (errors, refusals). */
final class HttpResponses {
  private static final long LINGER_MILLIS = 2000;
  private HttpResponses() {}

  /**
   * Writes a plain-text response and flushes it.
   *
   * @param close whether to close the connection once the response is written
   * @return the write's future
   */
  static ChannelFuture text(Channel channel, int status, String body, boolean close) {
    ByteBuf content = ByteBufUtil.writeUtf8(channel.alloc(), body.endsWith("\n") ? body : body + "\n");
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture f = channel.writeAndFlush(response);
    if (close) {
      f.addListener((ChannelFuture written) -> lingeringClose(written));
    }
    return f;
  }

  /**
   * Ends a connection after a response that refused the request: stops output, so the client
   * sees the response and then the end of the stream, and closes the socket once the client has
   * closed its side or after {@value #LINGER_MILLIS} ms. Closing at once while the client still
   * sends (a refused upload) would reset the connection and lose the response.
   */
  private static void lingeringClose(ChannelFuture written) {
    Channel ch = written.channel();
    if (written.isSuccess() && ch instanceof DuplexChannel duplex && ch.isActive()) {
      duplex.shutdownOutput();
      ch.config().setAutoRead(true); // read (and drop) what the client still sends, up to its close
      ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      ch.close();
    }
  }

  /** Returns an interim "100 Continue" response. */
  static FullHttpResponse continueResponse() {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);
  }

  /** Returns Netty headers holding {@code headers}. */
  static HttpHeaders toNetty(Headers headers) {
    HttpHeaders out = new DefaultHttpHeaders();
    for (String name : headers.names()) {
      for (String value : headers.all(name)) {
        out.add(name, value);
      }
    }
    return out;
  }
}
