package dev.switchboard.examples.images;

/**
 * The image formats an upload may be, recognised by their first bytes (the magic number), never
 * by the name or the declared content type, which the client chooses freely.
 */
enum ImageKind {
  PNG("png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  JPEG("jpg", new int[] {0xFF, 0xD8, 0xFF}),
  GIF("gif", new int[] {'G', 'I', 'F', '8'}),
  BMP("bmp", new int[] {'B', 'M'}),
  WEBP("webp", new int[] {'R', 'I', 'F', 'F', -1, -1, -1, -1, 'W', 'E', 'B', 'P'});

  /** The accepted formats, for error messages. */
  static final String ACCEPTED = "PNG, JPEG, GIF, BMP or WebP";

  final String extension;
  private final int[] magic;

  ImageKind(String extension, int[] magic) {
    this.extension = extension;
    this.magic = magic;
  }

  /** Returns the kind whose magic number {@code bytes} starts with, or null for none. */
  static ImageKind sniff(byte[] bytes) {
    for (ImageKind kind : values()) {
      if (kind.matches(bytes)) {
        return kind;
      }
    }
    return null;
  }

  private boolean matches(byte[] bytes) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (magic[i] >= 0 && (bytes[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
