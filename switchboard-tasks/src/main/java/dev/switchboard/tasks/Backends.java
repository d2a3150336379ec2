package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Finds the {@link BackendProvider} for a broker URL, and the URL configured for this process:
 * the system property {@value #PROPERTY}, else the environment variable {@value #ENV}, else none
 * (in-memory parts).
 */
public final class Backends {
  /** The system property that names the broker URL, such as {@code redis://127.0.0.1:6379}. */
  public static final String PROPERTY = "switchboard.broker";
  /** The environment variable read when the property is not set. */
  public static final String ENV = "SWITCHBOARD_BROKER";

  private Backends() {}

  /** Returns the broker URL configured for this process, or null. */
  public static @Nullable String configuredUrl() {
    String p = System.getProperty(PROPERTY);
    if (p != null && !p.isBlank()) {
      return p.strip();
    }
    String e = System.getenv(ENV);
    return e == null || e.isBlank() ? null : e.strip();
  }

  /**
   * Returns the provider for {@code url}.
   *
   * @throws IllegalArgumentException if none supports it, listing the schemes that would work,
   *     or if its provider finds a parameter invalid
   */
  public static BackendProvider forUrl(String url) {
    Objects.requireNonNull(url, "url");
    List<String> known = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.supports(url)) {
        p.check(url);
        return p;
      }
      known.add(p.getClass().getSimpleName());
    }
    throw new IllegalArgumentException(
        "no task backend for '" + url + "': use memory:, redis://host:port (add"
            + " switchboard-redis to the classpath) or amqp://host:port (switchboard-amqp), with"
            + " results in postgresql://... (switchboard-postgres); providers found: " + known);
  }
}
