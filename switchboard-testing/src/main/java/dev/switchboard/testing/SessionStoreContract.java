package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.middleware.SessionStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link SessionStore} passes unchanged: extend it and build the store. Each
 * test uses fresh random ids, so a shared server needs no cleanup beyond the stores' own expiry.
 */
@Timeout(30)
public abstract class SessionStoreContract {
  /** The store under test. */
  protected SessionStore store;

  /** Builds the store under test. */
  protected abstract SessionStore createStore();

  @BeforeEach
  void createStoreUnderTest() {
    store = createStore();
  }

  private static String id() {
    return "contract-" + UUID.randomUUID();
  }

  private static Map<String, Object> sample() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("user", "ada");
    data.put("visits", 3);
    data.put("big", 1L << 40);
    data.put("ratio", 0.5);
    data.put("admin", true);
    data.put("nothing", null);
    data.put("cart", List.of("apple", "pear"));
    data.put("prefs", Map.of("theme", "dark"));
    return data;
  }

  @Test
  void savedDataLoadsBackEqual() {
    String id = id();
    store.save(id, sample(), Duration.ofMinutes(1));
    assertThat(store.load(id)).isEqualTo(sample());
  }

  @Test
  void unknownIdLoadsNull() {
    assertThat(store.load(id())).isNull();
  }

  @Test
  void saveReplacesTheWholeSession() {
    String id = id();
    store.save(id, sample(), Duration.ofMinutes(1));
    store.save(id, Map.of("user", "grace"), Duration.ofMinutes(1));
    assertThat(store.load(id)).isEqualTo(Map.of("user", "grace"));
  }

  @Test
  void deleteRemovesTheSession() {
    String id = id();
    store.save(id, sample(), Duration.ofMinutes(1));
    store.delete(id);
    assertThat(store.load(id)).isNull();
    store.delete(id); // deleting twice is fine
  }

  @Test
  void loadedDataIsACopy() {
    String id = id();
    store.save(id, new LinkedHashMap<>(Map.of("n", 1)), Duration.ofMinutes(1));
    store.load(id).put("n", 2);
    assertThat(store.load(id)).isEqualTo(Map.of("n", 1));
  }

  @Test
  void sessionsExpireAfterTheirTtl() {
    String id = id();
    store.save(id, sample(), Duration.ofSeconds(1));
    assertThat(store.load(id)).isNotNull();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.load(id) == null);
  }
}
