package dev.switchboard.examples.images;

import java.awt.image.BufferedImage;
import net.coobird.thumbnailator.filters.ImageFilter;

/** A sepia tone, as a Thumbnailator filter: the classic weights of the luminance mix. */
final class Sepia implements ImageFilter {
  @Override
  public BufferedImage apply(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    int[] row = new int[img.getWidth()];
    for (int y = 0; y < img.getHeight(); y++) {
      img.getRGB(0, y, row.length, 1, row, 0, row.length);
      for (int x = 0; x < row.length; x++) {
        int r = (row[x] >> 16) & 0xFF;
        int g = (row[x] >> 8) & 0xFF;
        int b = row[x] & 0xFF;
        int sr = Math.min(255, (int) (0.393 * r + 0.769 * g + 0.189 * b));
        int sg = Math.min(255, (int) (0.349 * r + 0.686 * g + 0.168 * b));
        int sb = Math.min(255, (int) (0.272 * r + 0.534 * g + 0.131 * b));
        row[x] = (sr << 16) | (sg << 8) | sb;
      }
      out.setRGB(0, y, row.length, 1, row, 0, row.length);
    }
    return out;
  }
}
