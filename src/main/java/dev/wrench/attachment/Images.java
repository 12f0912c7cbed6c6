package dev.wrench.attachment;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image work of the attachment worker, bounded in memory: the size of an image is read from its
 * header before any pixel is decoded (so a decompression bomb is refused for what it claims), and a
 * thumbnail is decoded subsampled, so that at most about {@code 4 × edge²} pixels are ever held.
 */
public final class Images {

  /** An image refused for what it is, not for a fault of ours. */
  public static final class Refused extends Exception {
    public Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private Images() {}

  /** Types the JDK decodes; others (WebP) are stored without a thumbnail. */
  public static boolean canThumbnail(String contentType) {
    return contentType.equals("image/jpeg")
        || contentType.equals("image/png")
        || contentType.equals("image/gif");
  }

  /** A PNG thumbnail no larger than {@code edge} pixels a side. */
  public static byte[] thumbnail(InputStream in, long maxPixels, int edge)
      throws IOException, Refused {
    ImageIO.setUseCache(false);
    try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers =
          stream == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        throw new Refused("the image cannot be decoded");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || width * height > maxPixels) {
          throw new Refused(
              "the image is "
                  + width
                  + "x"
                  + height
                  + " pixels, more than the "
                  + maxPixels
                  + " allowed");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.max(width, height) / (2L * edge));
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded;
        try {
          decoded = reader.read(0, param);
        } catch (IOException | RuntimeException corrupt) {
          throw new Refused("the image cannot be decoded");
        }
        double scale =
            Math.min(1.0, (double) edge / Math.max(decoded.getWidth(), decoded.getHeight()));
        int w = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = thumb.createGraphics();
        try {
          g.setRenderingHint(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.drawImage(decoded, 0, 0, w, h, null);
        } finally {
          g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(thumb, "png", out);
        return out.toByteArray();
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Copies a JPEG without its APP1 segments (EXIF, where cameras put GPS position, and XMP, which
   * can repeat it); the compressed image data is copied as is. Returns whether anything was
   * removed.
   */
  public static boolean stripJpegMetadata(InputStream source, OutputStream out)
      throws IOException, Refused {
    DataInputStream in = new DataInputStream(source);
    if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
      throw new Refused("not a JPEG file");
    }
    out.write(0xFF);
    out.write(0xD8);
    boolean removed = false;
    while (true) {
      int b = in.readUnsignedByte();
      if (b != 0xFF) {
        throw new Refused("the JPEG file is corrupt");
      }
      int marker = in.readUnsignedByte();
      while (marker == 0xFF) {
        marker = in.readUnsignedByte();
      }
      if (marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        out.write(0xFF);
        out.write(marker);
        if (marker == 0xD9) {
          return removed;
        }
        continue;
      }
      int length = in.readUnsignedShort();
      if (length < 2) {
        throw new Refused("the JPEG file is corrupt");
      }
      if (marker == 0xE1) {
        skipFully(in, length - 2);
        removed = true;
        continue;
      }
      out.write(0xFF);
      out.write(marker);
      out.write(length >> 8);
      out.write(length & 0xFF);
      copy(in, out, length - 2);
      if (marker == 0xDA) {
        // Start of scan: the rest is entropy-coded data and later markers; no APP1 follows in
        // practice, and parsing it would cost a byte-by-byte pass.
        in.transferTo(out);
        return removed;
      }
    }
  }

  private static void skipFully(DataInputStream in, int n) throws IOException {
    int left = n;
    while (left > 0) {
      int skipped = in.skipBytes(left);
      if (skipped <= 0) {
        throw new EOFException();
      }
      left -= skipped;
    }
  }

  private static void copy(InputStream in, OutputStream out, int n) throws IOException {
    byte[] buffer = new byte[Math.min(n, 8192)];
    int left = n;
    while (left > 0) {
      int read = in.read(buffer, 0, Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException();
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }
}
