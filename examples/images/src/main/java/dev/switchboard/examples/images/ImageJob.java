package dev.switchboard.examples.images;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One image on its way through the chain {@code images.decode → images.resize →
 * images.finish}: each task receives the job the previous one returned, with more filled in.
 *
 * @param batch the upload batch, whose page watches group {@code images-<batch>}
 * @param image the image's id, 16 lowercase hex digits
 * @param name the file name the user uploaded, for display
 * @param file the current file, relative to the media folder
 * @param width the source width in pixels, 0 until decoded
 * @param height the source height in pixels, 0 until decoded
 * @param thumbnails the finished thumbnails, empty until the last step
 */
public record ImageJob(String batch, String image, String name, String file, int width,
    int height, List<Thumbnail> thumbnails) {
  /** The batch id rule: letters, digits and '-', 8 to 64 characters. */
  public static final Pattern BATCH = Pattern.compile("[A-Za-z0-9-]{8,64}");
  private static final Pattern IMAGE = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern FILE = Pattern.compile("(in|work|out)/[0-9a-z.-]{1,80}");

  /**
   * Checks every field, so a message crafted by hand cannot make a task read or write outside
   * the media folder.
   *
   * @throws IllegalArgumentException naming the field and its rule
   */
  public ImageJob {
    if (batch == null || !BATCH.matcher(batch).matches()) {
      throw new IllegalArgumentException("batch must be 8 to 64 letters, digits or '-': " + batch);
    }
    if (image == null || !IMAGE.matcher(image).matches()) {
      throw new IllegalArgumentException("image must be 16 lowercase hex digits: " + image);
    }
    if (name == null || name.isEmpty() || name.length() > 200) {
      throw new IllegalArgumentException("name must be 1 to 200 characters: " + name);
    }
    if (file == null || !FILE.matcher(file).matches() || file.contains("..")) {
      throw new IllegalArgumentException("file must be in/, work/ or out/ and a plain name: " + file);
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("width and height must be 0 or more: " + width + "x" + height);
    }
    thumbnails = thumbnails == null ? List.of() : List.copyOf(thumbnails);
  }

  /** Returns this job with its decoded size and the normalised file. */
  ImageJob decoded(String normalised, int w, int h) {
    return new ImageJob(batch, image, name, normalised, w, h, thumbnails);
  }

  /** Returns this job with the file now being worked on. */
  ImageJob withFile(String next) {
    return new ImageJob(batch, image, name, next, width, height, thumbnails);
  }

  /** Returns this job finished, with its thumbnails. */
  ImageJob finished(List<Thumbnail> done) {
    return new ImageJob(batch, image, name, file, width, height, done);
  }

  /**
   * A finished thumbnail.
   *
   * @param width its width in pixels
   * @param height its height in pixels
   * @param url where the page loads it, under {@code /images/media/}
   */
  public record Thumbnail(int width, int height, String url) {}
}
