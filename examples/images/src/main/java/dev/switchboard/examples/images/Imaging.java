package dev.switchboard.examples.images;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * The image operations of the example, on ImageIO (with the TwelveMonkeys JPEG and WebP
 * plugins found on the class path) and Thumbnailator: measure without decoding, decode to plain
 * RGB, resize, tone and watermark, write.
 */
final class Imaging {
  /** The most pixels an image may have: bigger ones are refused before they are decoded. */
  static final long MAX_PIXELS = 40_000_000L;

  static {
    ImageIO.setUseCache(false); // work in memory, not in temporary files
    ImageIO.scanForPlugins();
  }

  private Imaging() {}

  /**
   * Reads an image's width and height from its header, without decoding its pixels.
   *
   * @return {@code {width, height}}
   * @throws IOException if no installed reader understands the bytes
   */
  static int[] size(byte[] bytes) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("no image reader understands these bytes");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Decodes a file to an opaque RGB image (transparency flattened onto white).
   *
   * @throws IOException if the file cannot be read or decoded, or has too many pixels
   */
  static BufferedImage decode(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int[] size = size(bytes);
    if ((long) size[0] * size[1] > MAX_PIXELS) {
      throw new IOException("image has " + size[0] + "x" + size[1] + " pixels; at most "
          + MAX_PIXELS / 1_000_000 + " megapixels");
    }
    BufferedImage img;
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      img = ImageIO.read(in);
    }
    if (img == null) {
      throw new IOException("the image could not be decoded");
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** Resizes to {@code width} (never enlarging), keeping the aspect ratio. */
  static BufferedImage resize(BufferedImage img, int width) throws IOException {
    int w = Math.min(width, img.getWidth());
    return Thumbnails.of(img).width(w).asBufferedImage();
  }

  /** Tones the image sepia and stamps the watermark in its bottom-right corner. */
  static BufferedImage finish(BufferedImage img) throws IOException {
    return Thumbnails.of(img).scale(1.0).addFilter(new Sepia())
        .watermark(Positions.BOTTOM_RIGHT, badge(img.getWidth()), 0.7f).asBufferedImage();
  }

  /** Writes a PNG (lossless, for the steps in between). */
  static void writePng(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Thumbnails.of(img).scale(1.0).outputFormat("png").toFile(file.toFile());
  }

  /** Writes a JPEG of quality 0.85 (the finished thumbnails). */
  static void writeJpeg(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Thumbnails.of(img).scale(1.0).outputFormat("jpg").outputQuality(0.85f).toFile(file.toFile());
  }

  /**
   * Draws the watermark, a switchboard plug: a round badge with two prongs, about a sixth of
   * the image's width. Shapes only, so no font needs to be installed on a worker.
   */
  static BufferedImage badge(int imageWidth) {
    int d = Math.max(12, imageWidth / 6);
    BufferedImage badge = new BufferedImage(d, d, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = badge.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setComposite(AlphaComposite.Src);
      float m = d / 16f;
      g.setColor(new Color(20, 20, 20, 200));
      g.fill(new RoundRectangle2D.Float(m, m, d - 2 * m, d - 2 * m, d / 2f, d / 2f));
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(Math.max(1.5f, d / 10f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new Ellipse2D.Float(d * 0.3f, d * 0.35f, d * 0.4f, d * 0.4f));
      g.draw(new Line2D.Float(d * 0.42f, d * 0.18f, d * 0.42f, d * 0.35f));
      g.draw(new Line2D.Float(d * 0.58f, d * 0.18f, d * 0.58f, d * 0.35f));
    } finally {
      g.dispose();
    }
    return badge;
  }
}
