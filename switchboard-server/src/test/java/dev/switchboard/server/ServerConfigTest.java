package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration builder checks every value and names the rule it broke. */
class ServerConfigTest {
  private static final Application APP = conn -> event -> {};

  @Test
  void defaultsMatchTheDocumentation() {
    ServerConfig c = ServerConfig.builder().application(APP).build();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
    assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxMessageSize()).isEqualTo(64 * 1024);
    assertThat(c.maxRequestBodySize()).isEqualTo(1 << 20);
    assertThat(c.maxOutboundBuffer()).isEqualTo(1 << 20);
    assertThat(c.maxConnections()).isEqualTo(50_000);
    assertThat(c.ioThreads()).isZero();
    assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.meterRegistry()).isNotNull();
    assertThat(c.channelLayer()).isNull();
    assertThat(c.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxRequestLine()).isEqualTo(8192);
    assertThat(c.maxHeaderSize()).isEqualTo(16384);
    assertThat(c.maxHeaderCount()).isEqualTo(100);
    assertThat(c.maxConnectionsPerIp()).isEqualTo(1000);
    assertThat(c.limitLoopback()).isFalse();
    assertThat(c.messageRate()).isEqualTo(1000);
    assertThat(c.messageBurst()).isEqualTo(1000);
    assertThat(c.origins().allows("http://a:1", "a:1", "ws")).isTrue();
    assertThat(c.origins().allows("https://a:1", "a:1", "ws")).isFalse();
    assertThat(c.origins().allows(null, "a:1", "ws")).isTrue();
  }

  @Test
  void invalidValuesAreRefusedWithTheRule() {
    ServerConfig.Builder b = ServerConfig.builder();
    assertThatThrownBy(() -> b.port(70000)).hasMessage("port must be from 0 to 65535: 70000");
    assertThatThrownBy(() -> b.maxMessageSize(0)).hasMessage("maxMessageSize must be positive: 0");
    assertThatThrownBy(() -> b.pongTimeout(Duration.ZERO)).hasMessage("pongTimeout must be positive: PT0S");
    assertThatThrownBy(() -> b.pingInterval(Duration.ofSeconds(-1)))
        .hasMessage("pingInterval must be zero or positive: PT-1S");
    assertThatThrownBy(() -> b.ioThreads(-1)).hasMessageContaining("ioThreads must be 0");
    assertThatThrownBy(() -> b.host(" ")).hasMessage("host must not be blank");
    assertThatThrownBy(() -> b.staticFiles("static/", Path.of(".")))
        .hasMessage("static prefix must start and end with '/': 'static/'");
    assertThatThrownBy(() -> b.staticFiles("/s/", Path.of("/no/such/dir")))
        .hasMessage("static directory must be an existing directory: /no/such/dir");
    assertThatThrownBy(() -> b.messageRate(-1, 1))
        .hasMessage("messageRate perSecond must be 0 (no limit) or more: -1");
    assertThatThrownBy(() -> b.messageRate(5, 0)).hasMessage("messageRate burst must be at least 1: 0");
    assertThatThrownBy(() -> b.maxConnectionsPerIp(0, false))
        .hasMessage("maxConnectionsPerIp must be positive: 0");
    assertThatThrownBy(() -> b.requestHeadTimeout(Duration.ZERO))
        .hasMessage("requestHeadTimeout must be positive: PT0S");
    assertThatThrownBy(() -> b.staticResources("/", "/"))
        .hasMessageContaining("resourceRoot must name a classpath folder");
  }

  @Test
  void buildNeedsAnApplicationAndPingsShorterThanTheIdleTimeout() {
    assertThatThrownBy(() -> ServerConfig.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("application must be set: call application(app)");
    assertThatThrownBy(() -> ServerConfig.builder().application(APP)
        .pingInterval(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(20)).build())
        .hasMessageStartingWith("idleTimeout (PT20S) must be longer than pingInterval (PT30S)");
    assertThat(ServerConfig.builder().application(APP).pingInterval(Duration.ofSeconds(30))
        .idleTimeout(Duration.ZERO).build().idleTimeout()).isZero();
  }
}
