package dev.switchboard.server;

import dev.switchboard.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One static route: a URL prefix served from a directory or from classpath resources.
 *
 * @param prefix the URL prefix, starting and ending with '/'
 * @param directory the directory served, or null for classpath resources
 * @param resourceRoot the classpath folder served (no leading or trailing '/'), or null
 */
record StaticMount(String prefix, @Nullable Path directory, @Nullable String resourceRoot) {

  StaticMount {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "static prefix must start and end with '/': '" + prefix + "'");
    }
    if ((directory == null) == (resourceRoot == null)) {
      throw new IllegalArgumentException("exactly one of directory and resourceRoot must be set");
    }
  }

  /**
   * Returns a mount serving {@code directory}.
   *
   * @throws IllegalArgumentException if {@code directory} is not an existing directory
   */
  static StaticMount directory(String prefix, Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "static directory must be an existing directory: " + directory);
    }
    return new StaticMount(prefix, directory.toAbsolutePath().normalize(), null);
  }

  /** Returns a mount serving the classpath folder {@code root} ("a/b", "/a/b/" alike). */
  static StaticMount resources(String prefix, String root) {
    Objects.requireNonNull(root, "resourceRoot");
    String r = root;
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    if (r.isEmpty()) {
      throw new IllegalArgumentException(
          "resourceRoot must name a classpath folder, not the classpath root: '" + root + "'");
    }
    return new StaticMount(prefix, null, r);
  }

  /**
   * Returns the path below the prefix ("" for the prefix itself), or null if {@code path} is not
   * under this mount. {@code "/static"} matches the mount {@code "/static/"}.
   */
  @Nullable
  String relative(String path) {
    if (path.startsWith(prefix)) {
      return path.substring(prefix.length());
    }
    if (path.length() == prefix.length() - 1 && prefix.startsWith(path)) {
      return "";
    }
    return null;
  }
}
