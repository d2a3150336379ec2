package dev.switchboard.examples.thumbnails;

/**
 * A finished thumbnail.
 *
 * @param image the source image name
 * @param width the thumbnail width
 * @param thumbnail the thumbnail's name, such as {@code "cat-128.png"}
 * @param steps how many steps the work took
 */
public record ResizeResult(String image, int width, String thumbnail, int steps) {}
