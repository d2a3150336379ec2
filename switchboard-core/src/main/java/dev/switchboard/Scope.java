package dev.switchboard;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable description of one connection: protocol type, path, path parameters, query,
 * headers, cookies, client address, offered subprotocols, and the slots middleware fills (user,
 * session, attributes).
 *
 * <p>Middleware and routers never change a scope; they derive a new one with the {@code with...}
 * methods and pass it inward. {@link #toString()} leaves out query values, which may carry
 * tokens.
 *
 * <p>A connection keeps its scope and the one its router derived for as long as it is open, so
 * what derivations leave alone (the request: type, path, query, headers, client...) is held once,
 * shared by every scope derived from the same one, with the query and cookies parsed from it.
 */
public final class Scope {

  /** The kind of connection a scope describes. */
  public enum Type {
    /** One HTTP request and its response. */
    HTTP,
    /** A WebSocket, from handshake to close. */
    WEBSOCKET,
    /** A stream of channel-layer messages for a named channel (background work). */
    CHANNEL
  }

  /** The part of a scope that derived scopes share: what the connection asked for. */
  private static final class Request {
    final Type type;
    final String scheme;
    final String method;
    final String path;
    final String queryString;
    final Headers headers;
    final @Nullable InetSocketAddress client;
    final List<String> subprotocols;
    final @Nullable String channel;
    @Nullable Map<String, List<String>> query; // parsed lazily
    @Nullable Map<String, String> cookies; // parsed lazily

    Request(Builder b) {
      this.type = b.type;
      this.scheme = b.scheme;
      this.method = b.method;
      this.path = b.path;
      this.queryString = b.queryString;
      this.headers = b.headers;
      this.client = b.client;
      this.subprotocols = List.copyOf(b.subprotocols);
      this.channel = b.channel;
    }
  }

  private final Request request;
  private final Map<String, String> pathParams;
  private final @Nullable Principal user;
  private final Map<String, Object> session;
  private final Map<String, Object> attributes;

  private Scope(Builder b) {
    this.request = b.request != null ? b.request : new Request(b);
    this.pathParams = frozen(b.pathParams);
    this.user = b.user;
    this.session = frozen(b.session);
    this.attributes = frozen(b.attributes);
  }

  /**
   * An unmodifiable, order-keeping copy, compact because every open socket keeps its scope: empty
   * maps share one instance, one entry (a room name) is a {@code Map.of}, a few an array map.
   */
  private static <V> Map<String, V> frozen(Map<String, V> m) {
    return switch (m.size()) {
      case 0 -> Map.of();
      case 1 -> {
        Map.Entry<String, V> e = m.entrySet().iterator().next();
        // Map.of takes no nulls; a session map from middleware might hold one
        yield e.getKey() != null && e.getValue() != null
            ? Map.of(e.getKey(), e.getValue())
            : SmallMap.copyOf(m);
      }
      default ->
          m.size() <= SmallMap.MAX_SIZE
              ? SmallMap.copyOf(m)
              : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    };
  }

  /**
   * Returns a builder for a scope of the given type.
   *
   * @param type the connection type
   * @param path the decoded request path, starting with '/' (for channel scopes, "/")
   */
  public static Builder builder(Type type, String path) {
    return new Builder(type, path);
  }

  /** Returns a builder for a channel scope of the named channel (for channel workers). */
  public static Scope channel(String channel) {
    return new Builder(Type.CHANNEL, "/").channel(channel).build();
  }

  /** Returns a builder that starts with this scope's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the connection type. */
  public Type type() {
    return request.type;
  }

  /** Returns "http", "https", "ws" or "wss". */
  public String scheme() {
    return request.scheme;
  }

  /** Returns the HTTP method in upper case ("GET" for WebSocket handshakes). */
  public String method() {
    return request.method;
  }

  /** Returns the decoded path, starting with '/'. */
  public String path() {
    return request.path;
  }

  /** Returns the raw query string without '?', possibly empty. */
  public String queryString() {
    return request.queryString;
  }

  /** Returns the decoded query parameters; a name may repeat. */
  public Map<String, List<String>> query() {
    Map<String, List<String>> q = request.query;
    if (q == null) {
      q = parseQuery(request.queryString);
      request.query = q;
    }
    return q;
  }

  /** Returns the first value of query parameter {@code name}, or null. */
  public @Nullable String queryParam(String name) {
    List<String> v = query().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * Returns the request headers. A WebSocket scope built by the server has every header of the
   * handshake request except {@code Sec-WebSocket-Key}, a one-time nonce the server has already
   * answered, which an open socket would otherwise keep for its lifetime.
   */
  public Headers headers() {
    return request.headers;
  }

  /** Returns the cookies from the Cookie header(s). */
  public Map<String, String> cookies() {
    Map<String, String> c = request.cookies;
    if (c == null) {
      c = parseCookies(request.headers.all("cookie"));
      request.cookies = c;
    }
    return c;
  }

  /** Returns the client's address, or null when unknown (for example channel scopes). */
  public @Nullable InetSocketAddress client() {
    return request.client;
  }

  /** Returns the subprotocols the client offered, in its order of preference. */
  public List<String> subprotocols() {
    return request.subprotocols;
  }

  /** Returns the path parameters captured by URL routing, such as {@code room}. */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /**
   * Returns path parameter {@code name}.
   *
   * @throws IllegalArgumentException if routing captured no such parameter
   */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no path parameter '" + name + "'; captured: " + pathParams.keySet());
    }
    return v;
  }

  /** Returns the channel name of a channel scope, or null for other types. */
  public @Nullable String channel() {
    return request.channel;
  }

  /** Returns the authenticated user set by middleware, or null if none. */
  public @Nullable Principal user() {
    return user;
  }

  /** Returns the session data set by middleware; empty if none. */
  public Map<String, Object> session() {
    return session;
  }

  /** Returns the attributes middleware attached. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** Returns a copy with the given path parameters added to the existing ones. */
  public Scope withPathParams(Map<String, String> params) {
    Builder b = toBuilder();
    b.pathParams.putAll(params);
    return b.build();
  }

  /** Returns a copy with the user set. */
  public Scope withUser(@Nullable Principal user) {
    return toBuilder().user(user).build();
  }

  /** Returns a copy with the session set. */
  public Scope withSession(Map<String, Object> session) {
    return toBuilder().session(session).build();
  }

  /** Returns a copy with attribute {@code key} set. */
  public Scope withAttribute(String key, Object value) {
    return toBuilder().attribute(key, value).build();
  }

  @Override
  public String toString() {
    Request r = request;
    return r.type.name().toLowerCase()
        + " "
        + r.path
        + (r.queryString.isEmpty() ? "" : "?<query redacted>")
        + (r.client == null ? "" : " from " + r.client);
  }

  private static Map<String, List<String>> parseQuery(String qs) {
    if (qs.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String part : qs.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      m.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(m);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // malformed escapes are kept as sent rather than failing the connection
    }
  }

  private static Map<String, String> parseCookies(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String h : headerValues) {
      for (String pair : h.split(";")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String v = pair.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        m.putIfAbsent(pair.substring(0, eq).trim(), v);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** Builds a {@link Scope}. Not thread-safe. */
  public static final class Builder {
    private final Type type;
    private String scheme;
    private String method = "GET";
    private final String path;
    private String queryString = "";
    private Headers headers = Headers.EMPTY;
    private @Nullable InetSocketAddress client;
    private List<String> subprotocols = List.of();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private @Nullable String channel;
    private @Nullable Principal user;
    private Map<String, Object> session = Map.of();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    // The request part of the scope this builder started from, while no setter changed it.
    private @Nullable Request request;

    private Builder(Type type, String path) {
      this.type = Objects.requireNonNull(type, "type");
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': '" + path + "'");
      }
      this.path = path;
      this.scheme = type == Type.WEBSOCKET ? "ws" : "http";
    }

    private Builder(Scope s) {
      Request r = s.request;
      this.type = r.type;
      this.scheme = r.scheme;
      this.method = r.method;
      this.path = r.path;
      this.queryString = r.queryString;
      this.headers = r.headers;
      this.client = r.client;
      this.subprotocols = r.subprotocols;
      this.channel = r.channel;
      this.request = r;
      this.pathParams.putAll(s.pathParams);
      this.user = s.user;
      this.session = s.session;
      this.attributes.putAll(s.attributes);
    }

    /** Sets the scheme: "http", "https", "ws" or "wss". */
    public Builder scheme(String scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      request = null;
      return this;
    }

    /** Sets the HTTP method. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      request = null;
      return this;
    }

    /** Sets the raw query string, without '?'. */
    public Builder queryString(String queryString) {
      this.queryString = Objects.requireNonNull(queryString, "queryString");
      request = null;
      return this;
    }

    /** Sets the request headers. */
    public Builder headers(Headers headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      request = null;
      return this;
    }

    /** Sets the client address. */
    public Builder client(@Nullable InetSocketAddress client) {
      this.client = client;
      request = null;
      return this;
    }

    /** Sets the subprotocols the client offered. */
    public Builder subprotocols(List<String> subprotocols) {
      this.subprotocols = List.copyOf(subprotocols);
      request = null;
      return this;
    }

    /** Sets one path parameter. */
    public Builder pathParam(String name, String value) {
      pathParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets the channel name of a channel scope. */
    public Builder channel(@Nullable String channel) {
      this.channel = channel;
      request = null;
      return this;
    }

    /** Sets the authenticated user. */
    public Builder user(@Nullable Principal user) {
      this.user = user;
      return this;
    }

    /** Sets the session data. */
    public Builder session(Map<String, Object> session) {
      this.session = Objects.requireNonNull(session, "session");
      return this;
    }

    /** Sets one attribute. */
    public Builder attribute(String key, Object value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Returns the immutable scope. */
    public Scope build() {
      return new Scope(this);
    }
  }
}
