package dev.switchboard.server;

import dev.switchboard.InboundEvent;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.internal.ConnectionRunner;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request answered by the application: streams the request body to the connection's
 * runner as {@link InboundEvent.HttpRequest} parts and turns the application's response events
 * into HTTP/1.1 (fixed length when the whole body comes at once, chunked otherwise; every part
 * of a streaming response is flushed as it comes).
 *
 * <p>Created and driven on the channel's event loop; {@link #send} and {@link #pauseReading} are
 * called from the application's threads.
 */
final class HttpExchange implements Exchange, ConnectionRunner.Transport, OutboundQueue.Sink {
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
  private static final byte[] NO_BYTES = new byte[0];

  private final HttpDispatcher dispatcher;
  private final ServerContext server;
  private final Channel channel;
  private final ReadGate gate;
  private final HttpVersion version;
  private final boolean head;
  private final ConnectionRunner runner;
  private final OutboundQueue outbound;
  private boolean keepAlive;
  private long received;
  private @Nullable OutboundEvent.HttpResponseStart start;
  private boolean headersWritten;
  private boolean bodyless;
  private boolean done;
  private boolean disconnected;

  HttpExchange(
      HttpDispatcher dispatcher, ServerContext server, HttpRequest request, Channel channel, ReadGate gate) {
    this.dispatcher = dispatcher;
    this.server = server;
    this.channel = channel;
    this.gate = gate;
    this.version = request.protocolVersion();
    this.head = request.method().equals(HttpMethod.HEAD);
    this.keepAlive = HttpUtil.isKeepAlive(request);
    Scope scope = Scopes.of(Scope.Type.HTTP, request, channel);
    this.runner = server.newRunner(scope, this);
    this.outbound = new OutboundQueue(channel, server.config.maxOutboundBuffer(), this);
  }

  @Override
  public void content(HttpContent content) {
    try {
      if (done || disconnected) {
        return;
      }
      int n = content.content().readableBytes();
      boolean last = content instanceof LastHttpContent;
      received += n;
      if (received > server.config.maxRequestBodySize()) {
        tooLarge();
      } else if (n > 0 || last) {
        runner.deliver(new InboundEvent.HttpRequest(ByteBufUtil.getBytes(content.content()), !last));
      }
    } finally {
      content.release();
    }
  }

  private void tooLarge() {
    long max = server.config.maxRequestBodySize();
    log.debug("http[{}] request body over {} bytes: 413", runner.id(), max);
    refuseBody(413, "request body larger than " + max + " bytes");
  }

  @Override
  public boolean malformedBody() {
    if (!done && !disconnected) {
      refuseBody(400, "malformed request body");
    } else {
      channel.close();
    }
    return true;
  }

  /** Ends the exchange over its body: answers {@code status} unless a response started; closes. */
  private void refuseBody(int status, String reason) {
    done = true;
    outbound.close();
    dispatcher.abort(this);
    if (headersWritten) {
      channel.close();
    } else {
      server.metrics.response(status);
      HttpResponses.text(channel, status, reason, true);
    }
    disconnect();
  }

  @Override
  public void send(OutboundEvent event) {
    outbound.offer(event);
  }

  @Override
  public void pauseReading(boolean pause) {
    gate.pauseLater(ReadGate.HANDLER_BUSY, pause);
  }

  @Override
  public void write(OutboundEvent event) {
    if (done) {
      return;
    }
    if (event instanceof OutboundEvent.HttpResponseStart s) {
      if (start != null) {
        log.warn("http[{}] second HttpResponseStart ignored", runner.id());
      } else {
        start = s;
      }
    } else if (event instanceof OutboundEvent.HttpResponseBody b) {
      body(b);
    } else {
      log.warn("http[{}] {} ignored: not an HTTP response event", runner.id(), event);
    }
  }

  private void body(OutboundEvent.HttpResponseBody part) {
    if (start == null) {
      log.error("http[{}] HttpResponseBody sent before HttpResponseStart; closing", runner.id());
      done = true;
      channel.close();
      return;
    }
    boolean last = !part.moreBody();
    byte[] bytes = bodyless ? NO_BYTES : part.body();
    if (!headersWritten && !writeHeaders(start, last, bytes.length)) {
      return;
    }
    if (bodyless) {
      bytes = NO_BYTES;
    }
    if (!last) {
      if (bytes.length > 0) {
        channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
      }
      return;
    }
    done = true;
    outbound.close();
    boolean reuse = keepAlive;
    channel
        .write(new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes)))
        .addListener(f -> {
          dispatcher.finished(this, reuse && f.isSuccess());
          disconnect();
        });
  }

  private boolean writeHeaders(OutboundEvent.HttpResponseStart s, boolean last, int length) {
    int status = s.status();
    HttpHeaders headers;
    try {
      headers = HttpResponses.toNetty(s.headers());
    } catch (IllegalArgumentException e) {
      log.error("http[{}] invalid response headers; answering 500", runner.id(), e);
      done = true;
      dispatcher.abort(this);
      server.metrics.response(500);
      HttpResponses.text(channel, 500, "internal error", true);
      return false;
    }
    boolean noContent = status < 200 || status == 204 || status == 304;
    bodyless = head || noContent;
    if (headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
      keepAlive = false;
    }
    if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !noContent) {
      if (last && !head) {
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
      } else if (!head
          && !headers.containsValue(
              HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true)) {
        if (version.equals(HttpVersion.HTTP_1_1)) {
          headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
          keepAlive = false; // HTTP/1.0 without a length: the end of the body is the close
        }
      }
    }
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version.equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    headersWritten = true;
    server.metrics.response(status);
    channel.write(new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status), headers), channel.voidPromise());
    return true;
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void tooSlow(long waitingBytes) {
    log.warn(
        "http[{}] closed: client too slow, more than {} bytes waiting",
        runner.id(),
        server.config.maxOutboundBuffer());
    done = true;
    channel.close();
  }

  @Override
  public void inactive() {
    done = true;
    outbound.close();
    disconnect();
  }

  @Override
  public void shutdown() {
    keepAlive = false;
    disconnect();
  }

  private void disconnect() {
    if (!disconnected) {
      disconnected = true;
      runner.deliver(InboundEvent.HttpDisconnect.INSTANCE);
    }
  }
}
