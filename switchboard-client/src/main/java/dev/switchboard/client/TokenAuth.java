package dev.switchboard.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a client presents its token in the WebSocket handshake. The token comes from a supplier
 * asked on every connection attempt, so a refreshed token is used after a reconnect.
 *
 * <ul>
 *   <li>{@link #query(String, Supplier)}: {@code ?token=...} on the URL, which browsers can do
 *       too (mind that proxies may log URLs);
 *   <li>{@link #bearerHeader(Supplier)}: {@code Authorization: Bearer ...}, for servers and
 *       bots;
 *   <li>{@link #subprotocol(String, Supplier)}: the subprotocols {@code [name, token]}, the other
 *       way browsers can send a secret; the server accepts {@code name}.
 * </ul>
 */
public sealed interface TokenAuth {
  /** The token as the query parameter {@code parameter}. */
  static TokenAuth query(String parameter, Supplier<String> token) {
    if (parameter == null || parameter.isEmpty()) {
      throw new IllegalArgumentException("token query parameter name must not be empty");
    }
    return new Query(parameter, Objects.requireNonNull(token, "token"));
  }

  /** The token in an {@code Authorization: Bearer} header. */
  static TokenAuth bearerHeader(Supplier<String> token) {
    return new Header(Objects.requireNonNull(token, "token"));
  }

  /** The subprotocols {@code [name, token]}; the token must be an HTTP token (RFC 9110). */
  static TokenAuth subprotocol(String name, Supplier<String> token) {
    checkToken("subprotocol name", name);
    return new Subprotocol(name, Objects.requireNonNull(token, "token"));
  }

  /** The URI to connect to, with the token added when it travels in the query. */
  default URI apply(URI uri) {
    return uri;
  }

  /** The extra handshake header as {@code [name, value]}, or an empty list. */
  default List<String> header() {
    return List.of();
  }

  /** The subprotocols to offer, or an empty list. */
  default List<String> subprotocols() {
    return List.of();
  }

  /** Asks the supplier and checks the answer is a token at all. */
  private static String take(Supplier<String> token) {
    String t = token.get();
    if (t == null || t.isEmpty()) {
      throw new IllegalStateException("the token supplier returned no token");
    }
    return t;
  }

  private static String checkToken(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException(what + " must be an HTTP token (letters, digits and"
            + " !#$%&'*+-.^_`|~): character " + i + " is '" + c + "'");
      }
    }
    return value;
  }

  /** The token in the query string. */
  record Query(String parameter, Supplier<String> token) implements TokenAuth {
    @Override
    public URI apply(URI uri) {
      String pair = URLEncoder.encode(parameter, StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(take(token), StandardCharsets.UTF_8);
      String s = uri.toString();
      int hash = s.indexOf('#');
      String base = hash < 0 ? s : s.substring(0, hash);
      return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + pair);
    }
  }

  /** The token in an Authorization header. */
  record Header(Supplier<String> token) implements TokenAuth {
    @Override
    public List<String> header() {
      return List.of("Authorization", "Bearer " + take(token));
    }
  }

  /** The token as the second of two offered subprotocols. */
  record Subprotocol(String name, Supplier<String> token) implements TokenAuth {
    @Override
    public List<String> subprotocols() {
      return List.of(name, checkToken("token sent as a subprotocol", take(token)));
    }
  }
}
