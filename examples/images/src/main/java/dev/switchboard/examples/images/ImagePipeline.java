package dev.switchboard.examples.images;

import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The image tasks, chained as a canvas for each uploaded image: {@value #DECODE} (decode and
 * normalise to RGB), {@value #RESIZE} (one image per width of {@link #WIDTHS}, never enlarged),
 * {@value #FINISH} (sepia tone and watermark, written as JPEG thumbnails; see {@link
 * #widthsFor} for images narrower than the widths). Each reports its
 * progress to the page through {@link BatchEvents}. They run on queue {@value #QUEUE}, so a
 * worker started for them ({@code switchboard worker --queues images}) takes nothing else.
 *
 * <p>Files live in the media folder, shared by the web server and every worker: {@code in/}
 * (uploads), {@code work/} (between the steps), {@code out/} (thumbnails, served by {@link
 * MediaFiles}). A step may run twice (at-least-once delivery): each writes its files whole again.
 */
public final class ImagePipeline {
  /** The task queue of the image tasks. */
  public static final String QUEUE = "images";
  /** The first task: decode the upload and normalise it to RGB. */
  public static final String DECODE = "images.decode";
  /** The second task: one resized image per thumbnail width. */
  public static final String RESIZE = "images.resize";
  /** The last task: sepia tone, watermark, JPEG thumbnails, and the {@code done} event. */
  public static final String FINISH = "images.finish";
  /** The thumbnail widths, in pixels. */
  public static final List<Integer> WIDTHS = List.of(160, 320, 640);

  private final TaskApp app;
  private final Path media;
  private final Task<ImageJob, ImageJob> decode;
  private final Task<ImageJob, ImageJob> resize;
  private final Task<ImageJob, ImageJob> finish;

  private ImagePipeline(TaskApp app, Path media) {
    this.app = app;
    this.media = media;
    this.decode = register(DECODE, this::decode);
    this.resize = register(RESIZE, this::resize);
    this.finish = register(FINISH, this::finish);
  }

  /** Registers the image tasks on {@code app}, working in the media folder {@code media}. */
  public static ImagePipeline register(TaskApp app, Path media) {
    return new ImagePipeline(app, media.toAbsolutePath());
  }

  /** Returns the media folder. */
  public Path media() {
    return media;
  }

  /** Sends the chain for one uploaded image; returns the handle of its last link. */
  public AsyncResult<ImageJob> start(ImageJob upload) {
    return app.chain(decode.s(upload), resize.s(), finish.s());
  }

  private interface Step {
    ImageJob run(TaskContext ctx, ImageJob job) throws Exception;
  }

  private Task<ImageJob, ImageJob> register(String name, Step step) {
    return app.task(name, ImageJob.class, ImageJob.class, (ctx, job) -> {
      try {
        return step.run(ctx, job);
      } catch (Exception e) {
        BatchEvents.failed(ctx, job, name, e);
        throw e;
      }
    }, o -> o.queue(QUEUE).softTimeLimit(Duration.ofMinutes(2)).hardTimeLimit(Duration.ofMinutes(3)));
  }

  private ImageJob decode(TaskContext ctx, ImageJob job) throws IOException {
    BatchEvents.progress(ctx, job, "decode", "reading " + job.name(), 0, 1);
    String normalised = "work/" + job.image() + ".png";
    Path upload = media.resolve(job.file());
    // Run again after the upload was removed (a redelivery), the normalised copy is the source.
    Path source = Files.exists(upload) ? upload : media.resolve(normalised);
    BufferedImage img = Imaging.decode(source);
    if (source == upload) {
      Imaging.writePng(img, media.resolve(normalised));
      Files.delete(upload);
    }
    ImageJob decoded = job.decoded(normalised, img.getWidth(), img.getHeight());
    BatchEvents.progress(ctx, decoded, "decode", img.getWidth() + "x" + img.getHeight(), 1,
        units(widthsFor(img.getWidth())));
    return decoded;
  }

  private ImageJob resize(TaskContext ctx, ImageJob job) throws IOException {
    BufferedImage img = Imaging.decode(media.resolve(job.file()));
    List<Integer> widths = widthsFor(job.width());
    for (int i = 0; i < widths.size(); i++) {
      int width = widths.get(i);
      Imaging.writePng(Imaging.resize(img, width), media.resolve(work(job, width)));
      BatchEvents.progress(ctx, job, "resize", width + " px", 2 + i, units(widths));
    }
    return job;
  }

  private ImageJob finish(TaskContext ctx, ImageJob job) throws IOException {
    List<Integer> widths = widthsFor(job.width());
    List<ImageJob.Thumbnail> done = new ArrayList<>();
    for (int i = 0; i < widths.size(); i++) {
      int width = widths.get(i);
      BufferedImage img = Imaging.finish(Imaging.decode(media.resolve(work(job, width))));
      String name = job.image() + "-" + width + ".jpg";
      Imaging.writeJpeg(img, media.resolve("out").resolve(name));
      done.add(new ImageJob.Thumbnail(img.getWidth(), img.getHeight(), MediaFiles.URL + name));
      BatchEvents.progress(ctx, job, "finish", width + " px", 2 + widths.size() + i, units(widths));
    }
    ImageJob finished = job.finished(done);
    for (int width : widths) {
      Files.deleteIfExists(media.resolve(work(job, width)));
    }
    Files.deleteIfExists(media.resolve(job.file()));
    BatchEvents.done(ctx, finished);
    return finished;
  }

  /**
   * Returns the thumbnail widths for a source {@code sourceWidth} pixels wide: those of {@link
   * #WIDTHS} below it, then the source width itself if it is below the largest (never enlarged).
   */
  static List<Integer> widthsFor(int sourceWidth) {
    List<Integer> widths = new ArrayList<>();
    for (int w : WIDTHS) {
      if (w < sourceWidth) {
        widths.add(w);
      }
    }
    if (sourceWidth <= WIDTHS.get(WIDTHS.size() - 1)) {
      widths.add(sourceWidth);
    }
    return List.copyOf(widths);
  }

  /** The units of work of an image: decode, then one per width to resize and to finish. */
  private static int units(List<Integer> widths) {
    return 1 + 2 * widths.size();
  }

  private static String work(ImageJob job, int width) {
    return "work/" + job.image() + "-" + width + ".png";
  }
}
