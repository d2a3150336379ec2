package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How request paths map to static mounts, and which ones are refused. */
class StaticPathsTest {

  @Test
  void pathsLeavingTheMountOrNamingHiddenFilesAreUnsafe() {
    assertThat(StaticFiles.safe("")).isTrue();
    assertThat(StaticFiles.safe("app.js")).isTrue();
    assertThat(StaticFiles.safe("sub/dir/")).isTrue();
    assertThat(StaticFiles.safe("a..b.txt")).isTrue();
    for (String bad : List.of("..", "../x", "a/../../x", "./x", ".env", "a/.git/config",
        "..\\x", "c:/x", "/etc/passwd", "x\0y")) {
      assertThat(StaticFiles.safe(bad)).as(bad).isFalse();
    }
  }

  @Test
  void mountsMatchTheirPrefixAndThePrefixWithoutSlash() {
    StaticMount m = StaticMount.resources("/static/", "/web/root/");
    assertThat(m.resourceRoot()).isEqualTo("web/root");
    assertThat(m.relative("/static/a/b.css")).isEqualTo("a/b.css");
    assertThat(m.relative("/static/")).isEmpty();
    assertThat(m.relative("/static")).isEmpty();
    assertThat(m.relative("/staticky")).isNull();
    assertThat(m.relative("/other")).isNull();
  }

  @Test
  void onlyGetAndHeadAreStatic() {
    StaticFiles files = new StaticFiles(List.of(StaticMount.directory("/s/", Path.of("."))));
    assertThat(files.match(HttpMethod.GET, "/s/x")).isNotNull();
    assertThat(files.match(HttpMethod.HEAD, "/s/x")).isNotNull();
    assertThat(files.match(HttpMethod.POST, "/s/x")).isNull();
    assertThat(files.match(HttpMethod.GET, "/t/x")).isNull();
    assertThat(files.match(HttpMethod.GET, "/s/../x").forbidden()).isTrue();
  }

  @Test
  void contentTypesFollowTheExtension() {
    assertThat(MimeTypes.of("index.html")).isEqualTo("text/html; charset=utf-8");
    assertThat(MimeTypes.of("app.mjs")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(MimeTypes.of("LOGO.PNG")).isEqualTo("image/png");
    assertThat(MimeTypes.of("icon.svg")).isEqualTo("image/svg+xml");
    assertThat(MimeTypes.of("favicon.ico")).isEqualTo("image/x-icon");
    assertThat(MimeTypes.of("notes.txt")).isEqualTo("text/plain; charset=utf-8");
    assertThat(MimeTypes.of("data.json")).isEqualTo("application/json");
    assertThat(MimeTypes.of("archive")).isEqualTo("application/octet-stream");
    assertThat(MimeTypes.of("weird.")).isEqualTo("application/octet-stream");
  }
}
