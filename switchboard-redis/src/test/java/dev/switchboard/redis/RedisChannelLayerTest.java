package dev.switchboard.redis;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.testing.ChannelLayerContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The channel layer contract, unchanged, against the machine's Redis: every layer a test makes
 * gets its own key prefix, so it starts empty and leaves nothing behind.
 */
@Timeout(60)
class RedisChannelLayerTest extends ChannelLayerContract {
  private final List<String> prefixes = new ArrayList<>();

  @Override
  protected ChannelLayer createLayer(LayerConfig config) {
    String prefix = TestRedis.uniquePrefix();
    prefixes.add(prefix);
    return TestRedis.builder(prefix).config(config).build();
  }

  @AfterEach
  void deleteKeys() {
    prefixes.forEach(p -> TestRedis.deleteKeys(TestRedis.URI, p));
  }
}
