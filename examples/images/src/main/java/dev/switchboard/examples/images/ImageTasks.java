package dev.switchboard.examples.images;

import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskAppBuilder;
import java.util.function.Supplier;

/**
 * The {@code --app} class of a separate image worker: {@code switchboard worker --app
 * dev.switchboard.examples.images.ImageTasks --queues images --broker redis://...}. It builds an
 * app on the configured broker with the image tasks registered in {@link
 * ImagesExample#mediaDir()}, and with the Redis channel layer named by {@value #LAYER_PROPERTY}
 * or {@value #LAYER_ENV}, through which the worker's progress reaches the pages.
 */
public final class ImageTasks implements Supplier<TaskApp> {
  /** The system property naming the Redis channel layer (comma-separated URIs). */
  public static final String LAYER_PROPERTY = "switchboard.redis";
  /** The environment variable read when the property is not set. */
  public static final String LAYER_ENV = "SWITCHBOARD_REDIS_URL";

  /** Creates the supplier (used by {@code switchboard worker --app}). */
  public ImageTasks() {}

  @Override
  public TaskApp get() {
    TaskAppBuilder b = TaskApp.builder();
    RedisChannelLayer layer = RedisChannelLayer.fromSetting(LAYER_PROPERTY, LAYER_ENV);
    if (layer != null) {
      b.channelLayer(layer);
    }
    TaskApp app = b.build();
    ImagePipeline.register(app, ImagesExample.mediaDir());
    return app;
  }
}
