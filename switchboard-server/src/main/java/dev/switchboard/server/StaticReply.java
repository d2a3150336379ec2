package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The answer to a static-file request, ready to write: a file (sent with zero-copy file regions),
 * bytes of a classpath resource, "304 Not Modified", or a redirect of a folder to its path with a
 * trailing '/'. Holds an open file until {@link #write} or {@link #discard}.
 */
final class StaticReply {
  private final int status;
  private final HttpHeaders headers;
  private final @Nullable FileChannel file;
  private final long length;
  private final byte @Nullable [] bytes;

  private StaticReply(
      int status, HttpHeaders headers, @Nullable FileChannel file, long length, byte @Nullable [] bytes) {
    this.status = status;
    this.headers = headers;
    this.file = file;
    this.length = length;
    this.bytes = bytes;
  }

  static StaticReply file(HttpHeaders headers, FileChannel file, long length) {
    return new StaticReply(200, headers, file, length, null);
  }

  static StaticReply bytes(HttpHeaders headers, byte[] bytes) {
    return new StaticReply(200, headers, null, bytes.length, bytes);
  }

  static StaticReply notModified(HttpHeaders headers) {
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.CONTENT_TYPE);
    return new StaticReply(304, headers, null, 0, null);
  }

  static StaticReply redirect(String location) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.LOCATION, location);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    return new StaticReply(301, h, null, 0, null);
  }

  /** Returns the HTTP status. */
  int status() {
    return status;
  }

  /**
   * Writes the reply and flushes it. Event loop only.
   *
   * @param head whether the request was HEAD (headers only)
   * @param keepAlive whether the connection stays open afterwards
   * @return the future of the last write
   */
  ChannelFuture write(Channel channel, boolean head, boolean keepAlive) {
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), headers));
    if (!head && file != null) {
      channel.write(new DefaultFileRegion(file, 0, length)); // closes the file when written
    } else {
      discard();
      if (!head && bytes != null) {
        channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
      }
    }
    return channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  /** Releases the open file of a reply that will not be written. */
  void discard() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // nothing was read from it; closing a read-only file cannot lose data
      }
    }
  }
}
