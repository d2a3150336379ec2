package dev.switchboard.examples.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LiveTokensTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";
  final Clock now = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  final LiveTokens tokens = new LiveTokens(SECRET, Duration.ofMinutes(5), now);

  @Test
  void aTokenNamesItsUser() {
    assertThat(tokens.verify(tokens.issue("ann"))).isEqualTo("ann");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String old = tokens.issue("ann");
    LiveTokens later = new LiveTokens(SECRET, Duration.ofMinutes(5), Clock.offset(now, Duration.ofMinutes(6)));
    assertThatThrownBy(() -> later.verify(old)).hasMessage("token expired");
  }

  @Test
  void aTokenSignedWithAnotherSecretOrMangledIsRefused() {
    LiveTokens other = new LiveTokens("another secret of at least 32 bytes!", Duration.ofMinutes(5), now);
    assertThatThrownBy(() -> tokens.verify(other.issue("ann"))).hasMessage("bad token signature");
    assertThatThrownBy(() -> tokens.verify("not.a.jwt")).hasMessage("malformed token");
    assertThatThrownBy(() -> tokens.verify(null)).hasMessage("no token");
  }

  @Test
  void badUserNamesAndShortSecretsAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> tokens.issue("a b")).hasMessageContaining("user must be 1 to 32 letters");
    assertThatThrownBy(() -> new LiveTokens("short", Duration.ofMinutes(1), now))
        .hasMessageContaining("at least 32 bytes");
  }
}
