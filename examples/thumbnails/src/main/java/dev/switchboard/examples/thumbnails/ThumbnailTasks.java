package dev.switchboard.examples.thumbnails;

import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskAppBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The thumbnail tasks: {@value #RESIZE}, a simulated image resize that reports its progress
 * step by step. Also the {@code --app} class for {@code switchboard worker}: its {@link #get()}
 * builds an app on the configured broker ({@code --broker}) with the tasks registered, and with
 * the Redis channel layer when {@value #LAYER_PROPERTY} or {@value #LAYER_ENV} names one, so a
 * worker process streams progress to browsers connected to any server on that layer.
 */
public final class ThumbnailTasks implements Supplier<TaskApp> {
  /** The task name. */
  public static final String RESIZE = "thumbnails.resize";
  /** The system property naming the Redis channel layer (comma-separated URIs). */
  public static final String LAYER_PROPERTY = "switchboard.redis";
  /** The environment variable read when the property is not set (the demo reads it too). */
  public static final String LAYER_ENV = "SWITCHBOARD_REDIS_URL";

  /** Creates the supplier (used by {@code switchboard worker --app}). */
  public ThumbnailTasks() {}

  /**
   * Returns a new app on the configured broker, with the Redis channel layer if one is
   * configured, and the thumbnail tasks registered.
   */
  @Override
  public TaskApp get() {
    TaskAppBuilder b = TaskApp.builder();
    RedisChannelLayer layer = RedisChannelLayer.fromSetting(LAYER_PROPERTY, LAYER_ENV);
    if (layer != null) {
      b.channelLayer(layer);
    }
    TaskApp app = b.build();
    register(app);
    return app;
  }

  /**
   * Registers {@value #RESIZE} on {@code app}: it sleeps {@code stepMillis} per step, reports
   * {@code {"done": i, "total": steps, "percent": p}} after each, and returns the thumbnail's
   * name. I/O errors are retried up to 3 times with backoff; it is failed after 5 minutes.
   */
  public static Task<ResizeArgs, ResizeResult> register(TaskApp app) {
    return app.task(RESIZE, ResizeArgs.class, ResizeResult.class, (ctx, args) -> {
      for (int i = 1; i <= args.steps(); i++) {
        Thread.sleep(args.stepMillis());
        ctx.progress(Map.of("done", i, "total", args.steps(), "percent", 100 * i / args.steps()));
      }
      String base = args.image().replaceAll("\\.[A-Za-z0-9]+$", "");
      return new ResizeResult(args.image(), args.width(), base + "-" + args.width() + ".png",
          args.steps());
    }, o -> o.autoretryFor(IOException.class)
        .retryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
        .softTimeLimit(Duration.ofMinutes(4)).hardTimeLimit(Duration.ofMinutes(5)));
  }
}
