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

  /** Whether the worker rewrites files of this type without their metadata. */
  public static boolean canStripMetadata(String contentType) {
    return contentType.equals("image/jpeg")
        || contentType.equals("image/png")
        || contentType.equals("image/webp");
  }

  /**
   * Copies an image of {@code contentType} without its metadata (see the per-format methods);
   * {@code source} opens the stored file (WebP reads it twice). Returns whether anything was
   * removed.
   */
  public static boolean stripMetadata(
      String contentType, IoSupplier<InputStream> source, OutputStream out)
      throws IOException, Refused {
    if (contentType.equals("image/webp")) {
      return stripWebpMetadata(source, out);
    }
    try (InputStream in = source.get()) {
      return switch (contentType) {
        case "image/jpeg" -> stripJpegMetadata(in, out);
        case "image/png" -> stripPngMetadata(in, out);
        default -> throw new Refused("no metadata stripping for " + contentType);
      };
    }
  }

  /** Opens a stream (the stored object) and may throw what opening it throws. */
  @FunctionalInterface
  public interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** PNG chunks that carry EXIF (a GPS position) or text metadata (XMP lives in {@code iTXt}). */
  private static final java.util.Set<String> PNG_METADATA =
      java.util.Set.of("eXIf", "tEXt", "iTXt", "zTXt");

  /**
   * Copies a PNG without its {@code eXIf} and text chunks; every other chunk is copied whole, with
   * its own CRC. Returns whether anything was removed.
   */
  public static boolean stripPngMetadata(InputStream source, OutputStream out)
      throws IOException, Refused {
    DataInputStream in = new DataInputStream(source);
    byte[] signature = new byte[8];
    in.readFully(signature);
    if (!java.util.Arrays.equals(
        signature, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
      throw new Refused("not a PNG file");
    }
    out.write(signature);
    boolean removed = false;
    while (true) {
      int length = in.readInt();
      byte[] type = new byte[4];
      in.readFully(type);
      String name = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (length < 0) {
        throw new Refused("the PNG file is corrupt");
      }
      if (PNG_METADATA.contains(name)) {
        skipFully(in, length + 4); // data and CRC
        removed = true;
        continue;
      }
      out.write(length >>> 24);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
      out.write(type);
      copy(in, out, length + 4);
      if (name.equals("IEND")) {
        return removed;
      }
    }
  }

  /**
   * Copies a WebP without its {@code EXIF} and {@code XMP } chunks, clearing their flags in the
   * {@code VP8X} header and fixing the RIFF size. Two passes over the file (the size comes first in
   * the format), none of them holding it in memory. Returns whether anything was removed.
   */
  public static boolean stripWebpMetadata(IoSupplier<InputStream> source, OutputStream out)
      throws IOException, Refused {
    long removedBytes = 0;
    long riffSize;
    try (DataInputStream in = new DataInputStream(source.get())) {
      riffSize = webpHeader(in);
      long read = 4;
      while (read < riffSize) {
        byte[] fourcc = new byte[4];
        in.readFully(fourcc);
        long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        long padded = size + (size & 1);
        if (isWebpMetadata(fourcc)) {
          removedBytes += 8 + padded;
        }
        skipFully(in, padded);
        read += 8 + padded;
      }
    }
    try (DataInputStream in = new DataInputStream(source.get())) {
      webpHeader(in);
      out.write(new byte[] {'R', 'I', 'F', 'F'});
      writeLittleEndian(out, riffSize - removedBytes);
      out.write(new byte[] {'W', 'E', 'B', 'P'});
      long read = 4;
      while (read < riffSize) {
        byte[] fourcc = new byte[4];
        in.readFully(fourcc);
        int rawSize = Integer.reverseBytes(in.readInt());
        long size = Integer.toUnsignedLong(rawSize);
        long padded = size + (size & 1);
        read += 8 + padded;
        if (isWebpMetadata(fourcc)) {
          skipFully(in, padded);
          continue;
        }
        out.write(fourcc);
        writeLittleEndian(out, size);
        if (new String(fourcc, java.nio.charset.StandardCharsets.ISO_8859_1).equals("VP8X")
            && padded > 0) {
          // Flags: bit 3 EXIF, bit 2 XMP; they must not announce chunks that are gone.
          out.write(in.readUnsignedByte() & ~0x0C);
          copy(in, out, padded - 1);
        } else {
          copy(in, out, padded);
        }
      }
    }
    return removedBytes > 0;
  }

  private static long webpHeader(DataInputStream in) throws IOException, Refused {
    byte[] riff = new byte[4];
    in.readFully(riff);
    long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    byte[] webp = new byte[4];
    in.readFully(webp);
    if (!new String(riff, java.nio.charset.StandardCharsets.ISO_8859_1).equals("RIFF")
        || !new String(webp, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WEBP")
        || size < 4) {
      throw new Refused("not a WebP file");
    }
    return size;
  }

  private static boolean isWebpMetadata(byte[] fourcc) {
    String name = new String(fourcc, java.nio.charset.StandardCharsets.ISO_8859_1);
    return name.equals("EXIF") || name.equals("XMP ");
  }

  private static void writeLittleEndian(OutputStream out, long value) throws IOException {
    out.write((int) value);
    out.write((int) (value >>> 8));
    out.write((int) (value >>> 16));
    out.write((int) (value >>> 24));
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

  private static void skipFully(DataInputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      int chunk = (int) Math.min(left, Integer.MAX_VALUE);
      skipFully(in, chunk);
      left -= chunk;
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    long left = n;
    while (left > 0) {
      int chunk = (int) Math.min(left, Integer.MAX_VALUE);
      copy(in, out, chunk);
      left -= chunk;
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
