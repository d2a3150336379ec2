package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Static files from a directory and from the classpath, checked before the application. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StaticFilesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path root;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    Path site = Files.createDirectories(root.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<h1>site index</h1>");
    Files.writeString(site.resolve("app.js"), "export const x = 1;");
    Files.writeString(site.resolve("style.css"), "body{}");
    Files.writeString(site.resolve("data.json"), "{\"a\":1}");
    Files.write(site.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(site.resolve(".env"), "SECRET=1");
    Files.writeString(Files.createDirectories(site.resolve("sub")).resolve("index.html"), "sub index");
    Files.writeString(root.resolve("secret.txt"), "outside the site");
    Application app = conn -> event -> {
      if (event instanceof InboundEvent.HttpRequest r && !r.moreBody()) {
        TestApps.respond(conn, 200, "app: " + conn.scope().path());
      }
    };
    server = TestServer.startWith(cfg -> {
      cfg.application(app)
          .staticFiles("/static/", site)
          .staticResources("/netty/", "META-INF/maven/io.netty/netty-common")
          .staticResources("/", "dev/switchboard/server/webroot");
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.httpUri(path)).timeout(WAIT);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesFilesWithTheirContentType() throws Exception {
    assertThat(get("/static/app.js").headers().firstValue("content-type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("/static/app.js").body()).isEqualTo("export const x = 1;");
    assertThat(get("/static/style.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
    assertThat(get("/static/data.json").headers().firstValue("content-type")).hasValue("application/json");
    HttpResponse<String> png = get("/static/logo.png");
    assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
    assertThat(png.headers().firstValue("content-length")).hasValue("4");
  }

  @Test
  void foldersServeIndexHtml() throws Exception {
    assertThat(get("/static/").body()).isEqualTo("<h1>site index</h1>");
    assertThat(get("/static/sub/").body()).isEqualTo("sub index");
    HttpResponse<String> redirect = get("/static/sub");
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("location")).hasValue("/static/sub/");
  }

  @Test
  void classpathResourcesAreServedAlsoFromJars() throws Exception {
    HttpResponse<String> index = get("/");
    assertThat(index.body()).contains("classpath index");
    assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(get("/hello.txt").body()).isEqualTo("hello from the classpath\n");
    HttpResponse<String> fromJar = get("/netty/pom.properties");
    assertThat(fromJar.statusCode()).isEqualTo(200);
    assertThat(fromJar.body()).contains("artifactId=netty-common");
  }

  @Test
  void pathsWithoutAFileGoToTheApplication() throws Exception {
    assertThat(get("/static/missing.txt").body()).isEqualTo("app: /static/missing.txt");
    assertThat(get("/api/rooms").body()).isEqualTo("app: /api/rooms");
  }

  @Test
  void traversalAndHiddenFilesAre404() throws Exception {
    for (String path : new String[] {"/static/../secret.txt", "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt", "/static/sub/%2E%2E/%2E%2E/secret.txt", "/static/.env",
        "/static/..\\secret.txt"}) {
      try (RawHttp raw = new RawHttp(server.port())) {
        raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response r = raw.read();
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.body()).as(path).doesNotContain("outside", "SECRET");
      }
    }
  }

  /**
   * Every spelling of "up a folder" a client can put in a path: percent-encoded, double-encoded,
   * overlong UTF-8, backslashes, NUL bytes, absolute paths. None reaches a file outside the
   * mount, in the folder or on the classpath: the answer is a 4xx or the application's.
   */
  @Test
  void traversalInEveryEncodingNeverReachesAFileOutsideTheMount() throws Exception {
    String[] ups = {"..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae",
        "%e0%80%ae%e0%80%ae", "..%00", "%2e%2e%00", "..%5c..", "%2e%2e%5c", "..\\..", ".%00.",
        "%uff0e%uff0e", "%ef%bc%8e%ef%bc%8e", "..;", "...", "....//.."};
    String[] seps = {"/", "%2f", "%2F", "%5c", "%252f", "\\", "//"};
    int tried = 0;
    for (String up : ups) {
      for (String sep : seps) {
        for (String path : new String[] {
            "/static/" + up + sep + "secret.txt",
            "/static/sub/" + up + sep + up + sep + "secret.txt",
            "/" + up + sep + "StaticFilesTest.class",
            "/netty/" + up + sep + up + sep + up + sep + "io/netty/util/Version.class"}) {
          tried++;
          try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertThat(r.status() >= 400 || r.body().startsWith("app: ")).as(path + " -> " + r.status())
                .isTrue();
            assertThat(r.body()).as(path).doesNotContain("outside", "SECRET");
          }
        }
      }
    }
    assertThat(tried).isGreaterThan(500);
    for (String absolute : new String[] {"/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/C:%5cwindows"}) {
      assertThat(get(absolute).statusCode()).as(absolute).isIn(400, 404);
    }
  }

  @Test
  void conditionalRequestsGet304() throws Exception {
    HttpResponse<String> first = get("/static/app.js");
    String etag = first.headers().firstValue("etag").orElseThrow();
    String modified = first.headers().firstValue("last-modified").orElseThrow();
    HttpResponse<String> byEtag = get("/static/app.js", "If-None-Match", etag);
    assertThat(byEtag.statusCode()).isEqualTo(304);
    assertThat(byEtag.body()).isEmpty();
    assertThat(get("/static/app.js", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    assertThat(get("/static/app.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    String resourceTag = get("/hello.txt").headers().firstValue("etag").orElseThrow();
    assertThat(get("/hello.txt", "If-None-Match", resourceTag).statusCode()).isEqualTo(304);
  }

  @Test
  void headAnswersHeadersOnlyAndKeepsTheConnection() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("HEAD /static/app.js HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = raw.readHeadOnly();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo("19");
      raw.send("GET /static/app.js HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("export const x = 1;");
    }
  }
}
