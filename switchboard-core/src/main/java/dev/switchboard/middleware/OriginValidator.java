package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import dev.switchboard.routing.Rejection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses WebSocket handshakes whose {@code Origin} header is not allowed, with 403: the
 * defence against cross-site WebSocket hijacking.
 *
 * <ul>
 *   <li>{@link #sameHost()} (the default to use) allows an Origin whose scheme, host and port
 *       are the request's own: its {@code Host} header, and {@code http} for a {@code ws}
 *       request, {@code https} for {@code wss}. A page on {@code https://h:1} may not open
 *       {@code ws://h:1}: the scheme is part of an origin.
 *   <li>{@link #allowing} takes an allowlist of entries: a full origin ({@code
 *       https://app.example.com}, {@code http://localhost:8000}), a host ({@code example.com},
 *       any scheme, default ports), a subdomain wildcard ({@code *.example.com}, which does not
 *       match {@code example.com} itself), or {@code *} (anything).
 *   <li>A request with no Origin header, as non-browser clients send, is allowed unless {@link
 *       #requireOrigin()} is set. The literal Origin {@code null} (sandboxed frames, file pages)
 *       is refused unless "null" is in the allowlist.
 * </ul>
 *
 * <p>HTTP requests pass unchecked: browsers send cross-origin GETs for links and images, and
 * CORS is the tool for HTTP.
 */
public final class OriginValidator implements Middleware {
  private static final Logger log = LoggerFactory.getLogger(OriginValidator.class);

  private final @Nullable List<String> allowed; // null = same host
  private final boolean requireOrigin;

  private OriginValidator(@Nullable List<String> allowed, boolean requireOrigin) {
    this.allowed = allowed;
    this.requireOrigin = requireOrigin;
  }

  /** Allows only origins on the same host and port as the request's Host header. */
  public static OriginValidator sameHost() {
    return new OriginValidator(null, false);
  }

  /**
   * Allows the listed origins (see the class documentation for the entry forms).
   *
   * @throws IllegalArgumentException if an entry is empty or malformed
   */
  public static OriginValidator allowing(String... entries) {
    for (String e : entries) {
      Objects.requireNonNull(e, "entry");
      if (e.isBlank() || e.contains(" ")) {
        throw new IllegalArgumentException(
            "allowed origin must be an origin, a host, '*.domain' or '*': '" + e + "'");
      }
    }
    return new OriginValidator(
        List.of(entries).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(), false);
  }

  /** Returns a validator that also refuses handshakes with no Origin header. */
  public OriginValidator requireOrigin() {
    return new OriginValidator(allowed, true);
  }

  @Override
  public Application wrap(Application inner) {
    Objects.requireNonNull(inner, "inner");
    return connection -> {
      Scope scope = connection.scope();
      if (scope.type() != Scope.Type.WEBSOCKET) {
        return inner.open(connection);
      }
      String origin = scope.headers().first("origin");
      if (!allows(origin, scope.headers().first("host"), scope.scheme())) {
        log.info("conn[{}] refused origin {} for {}", connection.id(), origin, scope.path());
        return Rejection.of(
            connection, 403, origin == null ? "origin required" : "origin not allowed");
      }
      return inner.open(connection);
    };
  }

  /**
   * Returns whether a handshake with this {@code Origin} header may proceed.
   *
   * @param origin the Origin header, null if the request had none
   * @param host the request's Host header, null if none
   * @param scheme the request's scheme: "ws", "wss", "http" or "https"
   */
  public boolean allows(@Nullable String origin, @Nullable String host, String scheme) {
    if (origin == null) {
      return !requireOrigin;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (allowed == null) {
      HostPort from = HostPort.ofOrigin(o);
      return from != null && from.equals(HostPort.ofHostHeader(host, scheme));
    }
    for (String entry : allowed) {
      if (entry.equals("*") || entry.equals(o)) {
        return true;
      }
      HostPort from = HostPort.ofOrigin(o);
      if (from == null) {
        continue;
      }
      if (entry.startsWith("*.")) {
        if (from.host().endsWith(entry.substring(1))) {
          return true;
        }
      } else if (!entry.contains("://") && from.host().equals(entry)) {
        return true;
      } else if (entry.contains("://") && from.equals(HostPort.ofOrigin(entry))) {
        return true;
      }
    }
    return false;
  }

  /** A web scheme ("http" or "https"), a host and an explicit-or-default port. */
  record HostPort(String scheme, String host, int port) {
    static @Nullable HostPort ofOrigin(String origin) {
      try {
        URI u = new URI(origin);
        if (u.getHost() == null || u.getScheme() == null) {
          return null;
        }
        String scheme = switch (u.getScheme().toLowerCase(Locale.ROOT)) {
          case "https", "wss" -> "https";
          default -> "http";
        };
        int port = u.getPort() >= 0 ? u.getPort() : defaultPort(scheme);
        return new HostPort(scheme, u.getHost().toLowerCase(Locale.ROOT), port);
      } catch (URISyntaxException e) {
        return null;
      }
    }

    static @Nullable HostPort ofHostHeader(@Nullable String host, String scheme) {
      if (host == null || host.isBlank()) {
        return null;
      }
      boolean secure = scheme.equals("https") || scheme.equals("wss");
      return ofOrigin((secure ? "https://" : "http://") + host.trim());
    }

    private static int defaultPort(String scheme) {
      return switch (scheme.toLowerCase(Locale.ROOT)) {
        case "https", "wss" -> 443;
        default -> 80;
      };
    }
  }
}
