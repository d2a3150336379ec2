package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request under a static prefix: the file lookup runs on a virtual thread (file systems may
 * block), then the reply is written on the event loop, or the request falls back to the
 * application when there is no such file. The request body, if any, is discarded.
 */
final class StaticExchange implements Exchange {
  private static final Logger log = LoggerFactory.getLogger(StaticExchange.class);

  private final HttpDispatcher dispatcher;
  private final StaticFiles files;
  private final StaticFiles.Target target;
  private final HttpRequest request;
  private final Channel channel;
  private final ServerMetrics metrics;
  private boolean resolved;
  private boolean closed;

  StaticExchange(
      HttpDispatcher dispatcher,
      ServerContext server,
      StaticFiles.Target target,
      HttpRequest request,
      Channel channel) {
    this.dispatcher = dispatcher;
    this.files = server.staticFiles;
    this.metrics = server.metrics;
    this.target = target;
    this.request = request;
    this.channel = channel;
  }

  /** Starts the lookup. */
  void start() {
    String uri = request.uri();
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    Thread.ofVirtual()
        .name("switchboard-static")
        .start(
            () -> {
              StaticReply reply;
              try {
                reply = files.resolve(target, rawPath, request.headers());
              } catch (Exception e) {
                log.warn("http[{}] static lookup of {} failed", channel.id().asShortText(), rawPath, e);
                reply = null;
              }
              StaticReply r = reply;
              if (!Tasks.run(channel, () -> resolved(r)) && r != null) {
                r.discard();
              }
            });
  }

  private void resolved(@Nullable StaticReply reply) {
    if (closed) {
      if (reply != null) {
        reply.discard();
      }
      return;
    }
    if (reply == null) {
      dispatcher.fallBack(this, request);
      return;
    }
    resolved = true;
    dispatcher.pump(); // take (and drop) the request body that waited for the decision
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    metrics.response(reply.status());
    reply
        .write(channel, request.method().equals(HttpMethod.HEAD), keepAlive)
        .addListener(f -> dispatcher.finished(this, keepAlive && f.isSuccess()));
  }

  @Override
  public boolean ready() {
    return resolved;
  }

  @Override
  public void content(HttpContent content) {
    content.release();
  }

  @Override
  public void inactive() {
    closed = true;
  }

  @Override
  public void shutdown() {
    // the reply is written shortly; the dispatcher closes the connection after it
  }
}
