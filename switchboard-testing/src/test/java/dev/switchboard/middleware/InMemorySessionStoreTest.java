package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.SessionStoreContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory store passes the contract and stays within its bound. */
class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore createStore() {
    return new InMemorySessionStore();
  }

  @Test
  void aFullStoreRefusesNewSessionsButUpdatesOldOnes() {
    InMemorySessionStore small = new InMemorySessionStore(2);
    small.save("a", Map.of(), Duration.ofMinutes(1));
    small.save("b", Map.of(), Duration.ofMinutes(1));
    assertThatThrownBy(() -> small.save("c", Map.of(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 sessions (maxSessions)");
    small.save("a", Map.of("x", 1), Duration.ofMinutes(1));
    assertThat(small.load("a")).isEqualTo(Map.of("x", 1));
  }

  @Test
  void expiredSessionsMakeRoom() {
    long[] now = {0};
    InMemorySessionStore small = new InMemorySessionStore(1, () -> now[0]);
    small.save("a", Map.of(), Duration.ofSeconds(1));
    now[0] += Duration.ofSeconds(2).toNanos();
    small.save("b", Map.of(), Duration.ofSeconds(1));
    assertThat(small.size()).isEqualTo(1);
    assertThat(small.load("b")).isEqualTo(Map.of());
  }

  @Test
  void valuesThatAreNotJsonLikeAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new InMemorySessionStore().save("a", Map.of("when", new Object()), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session value for 'when'");
  }
}
