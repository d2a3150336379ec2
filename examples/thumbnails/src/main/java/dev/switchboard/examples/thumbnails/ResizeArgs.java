package dev.switchboard.examples.thumbnails;

/**
 * What to resize: an image name, the thumbnail width, and (for the simulation) how many steps
 * the work takes and how long each step lasts.
 *
 * @param image the image name, 1 to 100 characters
 * @param width the thumbnail width in pixels, 16 to 1024
 * @param steps how many progress steps, 1 to 100
 * @param stepMillis how long each step takes, 0 to 5000 ms
 */
public record ResizeArgs(String image, int width, int steps, long stepMillis) {
  /**
   * Checks the ranges.
   *
   * @throws IllegalArgumentException naming the field and its range
   */
  public ResizeArgs {
    if (image == null || image.isEmpty() || image.length() > 100) {
      throw new IllegalArgumentException("image must be 1 to 100 characters: " + image);
    }
    if (width < 16 || width > 1024) {
      throw new IllegalArgumentException("width must be from 16 to 1024: " + width);
    }
    if (steps < 1 || steps > 100) {
      throw new IllegalArgumentException("steps must be from 1 to 100: " + steps);
    }
    if (stepMillis < 0 || stepMillis > 5_000) {
      throw new IllegalArgumentException("stepMillis must be from 0 to 5000: " + stepMillis);
    }
  }
}
