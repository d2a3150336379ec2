package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Finds static files for GET and HEAD requests: in directories or among classpath resources
 * (also inside jars). A folder serves its {@code index.html}; a path with a segment starting with
 * '.' (such as "..", also when percent-encoded) is refused with 404; answers carry
 * Last-Modified and ETag and honour If-None-Match and If-Modified-Since.
 *
 * <p>{@link #match} is cheap and runs on the event loop; {@link #resolve} touches the file system
 * and runs on a virtual thread.
 */
final class StaticFiles {

  /**
   * The static route a request falls under.
   *
   * @param mount the matching mount
   * @param relative the decoded path below the mount's prefix
   * @param forbidden whether the path tries to leave the mount (answered with 404)
   */
  record Target(StaticMount mount, String relative, boolean forbidden) {}

  private final List<StaticMount> mounts;
  private final ClassLoader loader;

  StaticFiles(List<StaticMount> mounts) {
    this.mounts = mounts;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : StaticFiles.class.getClassLoader();
  }

  /** Returns the route of a request, or null if it is not a GET/HEAD under a static prefix. */
  @Nullable
  Target match(HttpMethod method, String path) {
    if (mounts.isEmpty() || !(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
      return null;
    }
    for (StaticMount m : mounts) {
      String rel = m.relative(path);
      if (rel != null) {
        return new Target(m, rel, !safe(rel));
      }
    }
    return null;
  }

  /** Returns whether a decoded relative path stays inside its mount. */
  static boolean safe(String relative) {
    if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0 || relative.indexOf(':') >= 0) {
      return false;
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.startsWith(".")) {
        return false; // "..", "." and hidden files alike
      }
    }
    return !relative.startsWith("/");
  }

  /**
   * Looks the target up. Blocking: call off the event loop.
   *
   * @param rawPath the request's path as sent, for redirects of folders to "path/"
   * @param request the request headers, for conditional requests
   * @return the reply, or null when there is no such file (the application answers instead)
   */
  @Nullable
  StaticReply resolve(Target target, String rawPath, HttpHeaders request) throws IOException {
    StaticMount m = target.mount();
    return m.directory() != null
        ? fromDirectory(m.directory(), target.relative(), rawPath, request)
        : fromResources(m.resourceRoot(), target.relative(), rawPath, request);
  }

  private static @Nullable StaticReply fromDirectory(
      Path root, String rel, String rawPath, HttpHeaders request) throws IOException {
    Path file = rel.isEmpty() ? root : root.resolve(rel).normalize();
    if (!file.startsWith(root)) {
      return null;
    }
    if (Files.isDirectory(file)) {
      if (!rel.isEmpty() && !rel.endsWith("/")) {
        return StaticReply.redirect(rawPath + "/");
      }
      file = file.resolve("index.html");
    }
    if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(root.toRealPath())) {
      return null; // missing, or a link leading out of the served directory
    }
    long length = Files.size(file);
    long modified = Files.getLastModifiedTime(file).toMillis();
    HttpHeaders headers = headers(file.getFileName().toString(), length, modified, etag(length, modified));
    if (notModified(request, headers, modified)) {
      return StaticReply.notModified(headers);
    }
    return StaticReply.file(headers, FileChannel.open(file, StandardOpenOption.READ), length);
  }

  private @Nullable StaticReply fromResources(
      String root, String rel, String rawPath, HttpHeaders request) throws IOException {
    String name = root + "/" + rel;
    if (rel.isEmpty() || rel.endsWith("/")) {
      name += "index.html";
    }
    URL url = loader.getResource(name);
    if (url == null) {
      return null;
    }
    URLConnection conn = url.openConnection();
    if (isFolder(url, conn)) {
      return loader.getResource(name + "/index.html") == null
          ? null
          : StaticReply.redirect(rawPath + "/");
    }
    byte[] bytes;
    try (InputStream in = conn.getInputStream()) {
      bytes = in.readAllBytes();
    }
    long modified = conn.getLastModified();
    String etag = etag(bytes.length, Arrays.hashCode(bytes) & 0xffffffffL);
    HttpHeaders headers = headers(name.substring(name.lastIndexOf('/') + 1), bytes.length, modified, etag);
    if (notModified(request, headers, modified)) {
      return StaticReply.notModified(headers);
    }
    return StaticReply.bytes(headers, bytes);
  }

  private static boolean isFolder(URL url, URLConnection conn) throws IOException {
    if (conn instanceof JarURLConnection jar) {
      return jar.getJarEntry() != null && jar.getJarEntry().isDirectory();
    }
    if ("file".equals(url.getProtocol())) {
      try {
        return Files.isDirectory(Path.of(url.toURI()));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return false;
      }
    }
    return false;
  }

  private static String etag(long length, long version) {
    return "\"" + Long.toHexString(length) + "-" + Long.toHexString(version) + "\"";
  }

  private static HttpHeaders headers(String fileName, long length, long modified, String etag) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, MimeTypes.of(fileName));
    h.set(HttpHeaderNames.CONTENT_LENGTH, length);
    h.set(HttpHeaderNames.ETAG, etag);
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache"); // revalidate, cheap with the ETag
    if (modified > 0) {
      h.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modified)));
    }
    return h;
  }

  private static boolean notModified(HttpHeaders request, HttpHeaders response, long modified) {
    String noneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
    if (noneMatch != null) {
      String etag = response.get(HttpHeaderNames.ETAG);
      return noneMatch.trim().equals("*") || Arrays.stream(noneMatch.split(","))
          .map(String::trim)
          .map(t -> t.startsWith("W/") ? t.substring(2) : t)
          .anyMatch(etag::equals);
    }
    String since = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
    if (since != null && modified > 0) {
      Date date = DateFormatter.parseHttpDate(since);
      return date != null && modified / 1000 <= date.getTime() / 1000;
    }
    return false;
  }
}
