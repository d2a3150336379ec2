package dev.switchboard.examples.images;

import dev.switchboard.consumer.HttpConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /images/upload?batch=<id>} with a {@code multipart/form-data} body of one or more
 * image files: checks every file, saves them to the media folder's {@code in/}, starts each
 * one's task chain and answers 202 with {@code {"batch", "images": [{"image", "name", "task"}]}}.
 * Progress then arrives on {@code /ws/images/<batch>/}.
 *
 * <p>Nothing is saved or started unless every file passes. Refusals, as {@code {"error": ...}}
 * naming the file and the rule: 405 (not POST), 400 (bad batch id, malformed body, no file, an
 * empty file), 413 (more than {@value #MAX_FILES} files, or a file over {@value #MAX_BYTES}
 * bytes), 415 (not multipart, or a file that is not an image by its first bytes), 422 (an image
 * whose header cannot be read, or with more than 40 megapixels).
 */
final class UploadImages extends HttpConsumer {
  /** The most files in one upload. */
  static final int MAX_FILES = 10;
  /** The largest file accepted, in bytes (8 MiB). */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final SecureRandom IDS = new SecureRandom();
  private final ImagePipeline pipeline;

  UploadImages(ImagePipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** A refusal: an HTTP status and the reason sent to the client. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  @Override
  protected void onRequest(byte[] body) throws IOException {
    try {
      List<ImageJob> jobs = check(body);
      List<Map<String, String>> started = new ArrayList<>();
      for (ImageJob job : jobs) {
        started.add(Map.of("image", job.image(), "name", job.name(), "task", pipeline.start(job).id()));
      }
      respondJson(202, Map.of("batch", jobs.get(0).batch(), "images", started));
    } catch (Refused r) {
      respondJson(r.status, Map.of("error", r.getMessage()));
    }
  }

  /** Checks the request and every file, then saves the files; returns the jobs to start. */
  private List<ImageJob> check(byte[] body) throws Refused, IOException {
    if (!scope().method().equals("POST")) {
      throw new Refused(405, "method not allowed: POST multipart/form-data with image files");
    }
    String batch = scope().queryParam("batch");
    if (batch == null || !ImageJob.BATCH.matcher(batch).matches()) {
      throw new Refused(400, "query parameter batch must be 8 to 64 letters, digits or '-': " + batch);
    }
    String type = scope().headers().first("content-type");
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      throw new Refused(415, "send multipart/form-data with the images as file fields, not " + type);
    }
    List<MultipartForm.FilePart> files;
    try {
      files = MultipartForm.files(type, body);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    if (files.isEmpty()) {
      throw new Refused(400, "no file in the upload: add one or more image files");
    }
    if (files.size() > MAX_FILES) {
      throw new Refused(413, "at most " + MAX_FILES + " images per upload: got " + files.size());
    }
    Map<MultipartForm.FilePart, ImageKind> kinds = new LinkedHashMap<>();
    for (MultipartForm.FilePart f : files) {
      kinds.put(f, checkFile(f));
    }
    List<ImageJob> jobs = new ArrayList<>();
    for (Map.Entry<MultipartForm.FilePart, ImageKind> e : kinds.entrySet()) {
      String id = HexFormat.of().formatHex(random8());
      String file = "in/" + id + "." + e.getValue().extension;
      Path path = pipeline.media().resolve(file);
      Files.createDirectories(path.getParent());
      Files.write(path, e.getKey().bytes());
      jobs.add(new ImageJob(batch, id, displayName(e.getKey()), file, 0, 0, List.of()));
    }
    return jobs;
  }

  private static ImageKind checkFile(MultipartForm.FilePart f) throws Refused {
    String name = displayName(f);
    if (f.bytes().length == 0) {
      throw new Refused(400, "'" + name + "' is empty");
    }
    if (f.bytes().length > MAX_BYTES) {
      throw new Refused(413, "'" + name + "' is " + f.bytes().length + " bytes; at most "
          + MAX_BYTES + " (8 MiB) per image");
    }
    ImageKind kind = ImageKind.sniff(f.bytes());
    if (kind == null) {
      throw new Refused(415, "'" + name + "' is not an image: accepted " + ImageKind.ACCEPTED);
    }
    int[] size;
    try {
      size = Imaging.size(f.bytes());
    } catch (IOException | RuntimeException e) {
      throw new Refused(422, "'" + name + "' looks like " + kind + " but its header cannot be read: "
          + e.getMessage());
    }
    if ((long) size[0] * size[1] > Imaging.MAX_PIXELS) {
      throw new Refused(422, "'" + name + "' is " + size[0] + "x" + size[1] + " pixels; at most "
          + Imaging.MAX_PIXELS / 1_000_000 + " megapixels");
    }
    return kind;
  }

  private static byte[] random8() {
    byte[] b = new byte[8];
    IDS.nextBytes(b);
    return b;
  }

  /** The uploaded name, trimmed to a safe display form (never used as a path). */
  private static String displayName(MultipartForm.FilePart f) {
    String n = f.filename() == null ? "" : f.filename().replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
    if (n.isEmpty()) {
      n = f.field().isBlank() ? "image" : f.field();
    }
    return n.length() > 200 ? n.substring(0, 200) : n;
  }
}
