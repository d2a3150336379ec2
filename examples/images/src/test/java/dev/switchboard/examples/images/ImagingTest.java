package dev.switchboard.examples.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image operations on images the test makes. */
class ImagingTest {
  @TempDir Path dir;

  @Test
  void everyAcceptedFormatIsRecognisedByItsFirstBytesAndMeasured() throws IOException {
    for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
      byte[] bytes = TestImages.picture(300, 200, format);
      assertThat(ImageKind.sniff(bytes)).as(format).isNotNull();
      assertThat(Imaging.size(bytes)).as(format).containsExactly(300, 200);
    }
    assertThat(ImageKind.sniff("just some text".getBytes())).isNull();
    assertThat(ImageKind.sniff(new byte[] {(byte) 0xFF})).isNull();
  }

  @Test
  void decodeGivesRgbAndResizeKeepsTheAspectRatioWithoutEnlarging() throws IOException {
    Path file = dir.resolve("in.png");
    Files.write(file, TestImages.picture(1000, 500, "png"));
    BufferedImage img = Imaging.decode(file);
    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);

    BufferedImage small = Imaging.resize(img, 320);
    assertThat(small.getWidth()).isEqualTo(320);
    assertThat(small.getHeight()).isEqualTo(160);
    assertThat(Imaging.resize(small, 640).getWidth()).as("never enlarged").isEqualTo(320);
  }

  @Test
  void finishTonesSepiaAndStampsTheWatermarkInTheBottomRightCorner() throws IOException {
    Path file = dir.resolve("in.png");
    Files.write(file, TestImages.picture(640, 480, "png"));
    BufferedImage img = Imaging.decode(file);
    BufferedImage done = Imaging.finish(img);

    int centre = done.getRGB(320, 240);
    int r = (centre >> 16) & 0xFF;
    int g = (centre >> 8) & 0xFF;
    int b = centre & 0xFF;
    assertThat(r).as("sepia: red over green over blue").isGreaterThanOrEqualTo(g);
    assertThat(g).isGreaterThan(b);
    BufferedImage toned = new Sepia().apply(img);
    int cornerX = 640 - 640 / 12;
    int cornerY = 480 - 640 / 12;
    assertThat(done.getRGB(cornerX, cornerY)).as("the badge darkens the corner")
        .isNotEqualTo(toned.getRGB(cornerX, cornerY));
    assertThat(done.getRGB(10, 10)).as("the top-left corner is untouched by the badge")
        .isEqualTo(toned.getRGB(10, 10));
  }

  @Test
  void anImageWithTooManyPixelsIsRefusedBeforeDecoding() throws IOException {
    Path file = dir.resolve("bomb.png");
    Files.write(file, TestImages.pngHeader(20_000, 20_000, new byte[16]));
    assertThatThrownBy(() -> Imaging.decode(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("20000x20000").hasMessageContaining("at most 40 megapixels");
  }

  @Test
  void thumbnailWidthsNeverExceedTheSource() {
    assertThat(ImagePipeline.widthsFor(1000)).containsExactly(160, 320, 640);
    assertThat(ImagePipeline.widthsFor(640)).containsExactly(160, 320, 640);
    assertThat(ImagePipeline.widthsFor(300)).containsExactly(160, 300);
    assertThat(ImagePipeline.widthsFor(100)).containsExactly(100);
  }
}
