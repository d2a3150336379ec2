package dev.switchboard.testing;

import dev.switchboard.Headers;
import dev.switchboard.Scope;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the scopes communicators use, the way the server would for the same request. */
final class Communicators {
  private Communicators() {}

  static Scope scope(
      Scope.Type type, String method, String pathAndQuery, Headers headers, List<String> protocols) {
    int q = pathAndQuery.indexOf('?');
    String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    Headers h = headers.contains("host") ? headers : headers.toBuilder().add("host", "testserver").build();
    return Scope.builder(type, URLDecoder.decode(rawPath, StandardCharsets.UTF_8))
        .method(method)
        .queryString(query)
        .headers(h)
        .subprotocols(protocols)
        .client(new InetSocketAddress("127.0.0.1", 50000))
        .build();
  }
}
