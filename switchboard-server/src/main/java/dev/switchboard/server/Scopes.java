package dev.switchboard.server;

import dev.switchboard.Headers;
import dev.switchboard.Scope;
import dev.switchboard.internal.SharedStrings;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the {@link Scope} of a connection from its HTTP request (or WebSocket handshake). */
final class Scopes {
  // Headers whose values repeat between clients, shared between open sockets. Credentials and
  // cookies differ per client and are left out, so they are not kept past their connection.
  private static final Set<String> SHARED_NAMES = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    SHARED_NAMES.addAll(List.of(
        "host", "origin", "upgrade", "connection", "sec-websocket-version",
        "sec-websocket-extensions", "sec-websocket-protocol", "user-agent", "accept",
        "accept-encoding", "accept-language", "cache-control", "pragma"));
  }

  private Scopes() {}

  /**
   * Returns the scope of {@code request} on {@code channel}.
   *
   * @throws IllegalArgumentException if the request target has malformed percent escapes
   */
  static Scope of(Scope.Type type, HttpRequest request, Channel channel) {
    String target = originForm(request.uri());
    QueryStringDecoder decoder = new QueryStringDecoder(target);
    String path = decoder.path(); // decoded; '+' stays '+' in paths
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    if (type == Scope.Type.WEBSOCKET) {
      path = SharedStrings.share(path); // the members of a room have the same path
    }
    Scope.Builder b =
        Scope.builder(type, path)
            .method(request.method().name())
            .queryString(decoder.rawQuery())
            .headers(type == Scope.Type.WEBSOCKET ? socketHeaders(request) : headers(request))
            .client(channel.remoteAddress() instanceof InetSocketAddress a ? a : null);
    if (channel.pipeline().get(SslHandler.class) != null) {
      b.scheme(type == Scope.Type.WEBSOCKET ? "wss" : "https");
    }
    if (type == Scope.Type.WEBSOCKET) {
      b.subprotocols(subprotocols(request));
    }
    return b.build();
  }

  /** Returns the path of {@code request}, decoded, for routing before a scope exists. */
  static String path(HttpRequest request) {
    String path = new QueryStringDecoder(originForm(request.uri())).path();
    return path.startsWith("/") ? path : "/" + path;
  }

  /** Turns an absolute-form target ("http://host/p?q") into origin form ("/p?q"). */
  private static String originForm(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme > 0 && scheme < 8 && !uri.startsWith("/")) {
      int slash = uri.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return uri;
  }

  private static Headers headers(HttpRequest request) {
    Headers.Builder b = Headers.builder();
    for (Map.Entry<String, String> e : request.headers()) {
      b.add(e.getKey(), e.getValue());
    }
    return b.build();
  }

  /**
   * Returns the headers a WebSocket keeps for its lifetime: all but Sec-WebSocket-Key, a nonce
   * the handshake has answered, with the values of {@link #SHARED_NAMES} shared between sockets.
   */
  private static Headers socketHeaders(HttpRequest request) {
    Headers.Builder b = Headers.builder();
    for (Map.Entry<String, String> e : request.headers()) {
      String name = e.getKey();
      if (!HttpHeaderNames.SEC_WEBSOCKET_KEY.contentEqualsIgnoreCase(name)) {
        b.add(name, SHARED_NAMES.contains(name) ? SharedStrings.share(e.getValue()) : e.getValue());
      }
    }
    return b.build();
  }

  private static List<String> subprotocols(HttpRequest request) {
    List<String> out = new ArrayList<>();
    for (String value : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
      for (String p : value.split(",")) {
        String s = p.trim();
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
