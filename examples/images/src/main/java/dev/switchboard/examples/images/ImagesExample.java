package dev.switchboard.examples.images;

import dev.switchboard.Application;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.ResourcePage;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.routing.UrlRouter;
import java.nio.file.Path;

/**
 * The image-processing example, the Celery-with-Pillow server of the seeds done with
 * Switchboard: a page uploads images, a chain of tasks per image decodes, resizes, tones and
 * watermarks it, the page shows each image's progress live and fills a gallery with the results.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /images/}</td><td>the page</td></tr>
 *   <tr><td>{@code POST /images/upload?batch=<id>}</td><td>{@link UploadImages}</td></tr>
 *   <tr><td>{@code GET /images/media/{file}}</td><td>{@link MediaFiles}: the thumbnails</td></tr>
 *   <tr><td>{@code WS /ws/images/{batch}/}</td><td>{@link BatchSocket}: the batch's progress</td></tr>
 * </table>
 *
 * <p>The server must allow bodies of {@link #MAX_REQUEST_BYTES} ({@code
 * maxRequestBodySize}); the task app must have the server's channel layer; a worker must consume
 * queue {@value ImagePipeline#QUEUE}, and every worker must see the same media folder ({@link
 * #mediaDir()}).
 */
public final class ImagesExample {
  /** The largest upload request: {@value UploadImages#MAX_FILES} files of 2 MiB, or fewer larger ones. */
  public static final long MAX_REQUEST_BYTES = 20L * 1024 * 1024;
  /** The system property naming the media folder. */
  public static final String MEDIA_PROPERTY = "switchboard.media";
  /** The environment variable read when the property is not set. */
  public static final String MEDIA_ENV = "SWITCHBOARD_MEDIA";
  /** The route of a batch's progress socket. */
  public static final String BATCH_EVENTS = "/ws/images/{batch:[A-Za-z0-9-]{8,64}}/";

  private ImagesExample() {}

  /**
   * Returns the media folder: {@value #MEDIA_PROPERTY}, else {@value #MEDIA_ENV}, else {@code
   * switchboard-images} in the temporary folder.
   */
  public static Path mediaDir() {
    String dir = System.getProperty(MEDIA_PROPERTY, System.getenv(MEDIA_ENV));
    return dir == null || dir.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "switchboard-images")
        : Path.of(dir);
  }

  /** Returns the page. */
  public static Application page() {
    return ResourcePage.app("dev/switchboard/examples/images/images.html", ResourcePage.HTML);
  }

  /** Returns the HTTP routes under {@code /images/}. */
  public static UrlRouter http(ImagePipeline pipeline) {
    return addHttpRoutes(UrlRouter.builder(), pipeline).build();
  }

  /** Adds the HTTP routes under {@code /images/} to {@code routes}, for servers that assemble their own. */
  public static UrlRouter.Builder addHttpRoutes(UrlRouter.Builder routes, ImagePipeline pipeline) {
    return routes
        .route("/images/", page())
        .route("/images/upload", Consumer.app(() -> new UploadImages(pipeline)))
        .route(MediaFiles.URL + "{file:" + MediaFiles.NAME + "}",
            Consumer.app(() -> new MediaFiles(pipeline.media())));
  }

  /** Returns the progress socket's application (route it at {@link #BATCH_EVENTS}). */
  public static Application batchEvents() {
    return OriginValidator.sameHost().wrap(Consumer.app(BatchSocket::new));
  }

  /** Returns the whole example as one application, for tests and single-example servers. */
  public static Application application(ImagePipeline pipeline) {
    return ProtocolTypeRouter.builder()
        .http(http(pipeline))
        .websocket(UrlRouter.builder().route(BATCH_EVENTS, batchEvents()).build())
        .build();
  }
}
