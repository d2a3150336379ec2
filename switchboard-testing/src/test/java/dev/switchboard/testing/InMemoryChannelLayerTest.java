package dev.switchboard.testing;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.layer.LayerConfig;

/** Runs the channel layer contract against {@link InMemoryChannelLayer}. */
class InMemoryChannelLayerTest extends ChannelLayerContract {

  @Override
  protected ChannelLayer createLayer(LayerConfig config) {
    return new InMemoryChannelLayer(config);
  }
}
