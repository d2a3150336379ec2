package dev.switchboard.examples.thumbnails;

import dev.switchboard.Application;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.ResourcePage;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskEventsConsumer;
import dev.switchboard.routing.UrlRouter;

/**
 * The thumbnails example: a page starts a slow task and shows its progress bar and result live,
 * streamed from the workers through the channel layer.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /thumbnails/}</td><td>the page</td></tr>
 *   <tr><td>{@code POST /thumbnails/start}</td><td>{@link StartResize}: sends the task</td></tr>
 *   <tr><td>{@code WS /ws/tasks/{id}/}</td><td>{@link TaskEventsConsumer}: the task's
 *       events</td></tr>
 * </table>
 *
 * <p>The app must have the channel layer the server uses ({@code
 * TaskApp.builder().channelLayer(layer)}), and a worker must run its tasks: in process for the
 * demo, or {@code switchboard worker --app dev.switchboard.examples.thumbnails.ThumbnailTasks}.
 */
public final class ThumbnailsExample {
  /** The route of one task's events. */
  public static final String TASK_EVENTS = "/ws/tasks/{id:[A-Za-z0-9_.\\-]{1,90}}/";

  private ThumbnailsExample() {}

  /** Returns the HTTP routes; {@code resize} is the task registered on the app. */
  public static UrlRouter http(Task<ResizeArgs, ResizeResult> resize) {
    return UrlRouter.builder()
        .route("/thumbnails/", page())
        .route("/thumbnails/start", start(resize))
        .build();
  }

  /** Returns the page application, for servers that assemble their own routes. */
  public static Application page() {
    return ResourcePage.app("dev/switchboard/examples/thumbnails/thumbnails.html", ResourcePage.HTML);
  }

  /** Returns the start endpoint's application, for servers that assemble their own routes. */
  public static Application start(Task<ResizeArgs, ResizeResult> resize) {
    return Consumer.app(() -> new StartResize(resize));
  }

  /** Returns the task events WebSocket application (route it at {@code /ws/tasks/{id}/}). */
  public static Application taskEvents(TaskApp app) {
    return Consumer.app(() -> new TaskEventsConsumer(app));
  }

  /** Returns the WebSocket routes: one task's events at {@code /ws/tasks/{id}/}. */
  public static UrlRouter websocket(TaskApp app) {
    return UrlRouter.builder()
        .route(TASK_EVENTS, taskEvents(app))
        .build();
  }

  /** Returns the whole example as one application, for tests and single-example servers. */
  public static Application application(TaskApp app, Task<ResizeArgs, ResizeResult> resize) {
    return dev.switchboard.routing.ProtocolTypeRouter.builder()
        .http(http(resize))
        .websocket(dev.switchboard.middleware.OriginValidator.sameHost().wrap(websocket(app)))
        .build();
  }
}
