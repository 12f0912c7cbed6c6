package dev.wrench.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Metadata stripping of PNG and WebP files: location data goes, the image stays. */
public class ImagesTest {

  private static final String GPS = "GPSLatitude=48.8584N;GPSLongitude=2.2945E";

  private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A real PNG with an eXIf chunk and an XMP iTXt chunk inserted after IHDR. */
  public static byte[] pngWithLocation() throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB), "png", plain);
    byte[] png = plain.toByteArray();
    int afterIhdr = 8 + 4 + 4 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    pngChunk(out, "eXIf", ("MM\0*" + GPS).getBytes(StandardCharsets.ISO_8859_1));
    pngChunk(
        out,
        "iTXt",
        ("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>" + GPS + "</x:xmpmeta>")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  private static void webpChunk(ByteArrayOutputStream out, String fourcc, byte[] data)
      throws IOException {
    out.write(fourcc.getBytes(StandardCharsets.ISO_8859_1));
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
    out.write(data);
    if (data.length % 2 == 1) {
      out.write(0);
    }
  }

  /** An extended WebP: VP8X (flags EXIF and XMP set), an image chunk, EXIF and XMP chunks. */
  public static byte[] webpWithLocation() throws IOException {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    byte[] vp8x = new byte[10];
    vp8x[0] = 0x08 | 0x04 | 0x10; // EXIF, XMP, alpha
    webpChunk(chunks, "VP8X", vp8x);
    webpChunk(chunks, "VP8L", new byte[] {0x2F, 0, 0, 0, 0, 1, 2}); // odd: padded
    webpChunk(chunks, "EXIF", ("MM\0*" + GPS).getBytes(StandardCharsets.ISO_8859_1));
    webpChunk(
        chunks,
        "XMP ",
        ("<x:xmpmeta>" + GPS + "</x:xmpmeta>").getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("RIFF".getBytes(StandardCharsets.ISO_8859_1));
    out.write(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + chunks.size()).array());
    out.write("WEBP".getBytes(StandardCharsets.ISO_8859_1));
    chunks.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void pngLosesItsExifAndTextChunksAndStaysAValidImage() throws Exception {
    byte[] png = pngWithLocation();
    assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains(GPS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(Images.stripMetadata("image/png", () -> new ByteArrayInputStream(png), out))
        .isTrue();
    byte[] stripped = out.toByteArray();
    assertThat(new String(stripped, StandardCharsets.ISO_8859_1))
        .doesNotContain(GPS)
        .doesNotContain("eXIf")
        .doesNotContain("iTXt");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(stripped));
    assertThat(image.getWidth()).isEqualTo(32);
    assertThat(image.getHeight()).isEqualTo(16);
  }

  @Test
  void aPngWithoutMetadataIsLeftAsItIs() throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", plain);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            Images.stripMetadata(
                "image/png", () -> new ByteArrayInputStream(plain.toByteArray()), out))
        .isFalse();
    assertThat(out.toByteArray()).isEqualTo(plain.toByteArray());
  }

  @Test
  void webpLosesItsExifAndXmpChunksWithConsistentSizesAndFlags() throws Exception {
    byte[] webp = webpWithLocation();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(Images.stripMetadata("image/webp", () -> new ByteArrayInputStream(webp), out))
        .isTrue();
    byte[] stripped = out.toByteArray();
    String text = new String(stripped, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain(GPS).doesNotContain("EXIF").doesNotContain("XMP ");
    assertThat(text).startsWith("RIFF").contains("WEBPVP8X").contains("VP8L");
    ByteBuffer header = ByteBuffer.wrap(stripped).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.getInt(4)).as("RIFF size").isEqualTo(stripped.length - 8);
    // VP8X flags: EXIF and XMP cleared, alpha kept.
    assertThat(stripped[20]).isEqualTo((byte) 0x10);
    // The image chunk is intact, padding included.
    assertThat(text)
        .contains("VP8L\u0007\u0000\u0000\u0000/\u0000\u0000\u0000\u0000\u0001\u0002\u0000");
  }

  @Test
  void aFileThatIsNotWhatItsTypeSaysIsRefused() {
    byte[] junk = "not an image at all".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () ->
                Images.stripMetadata(
                    "image/png", () -> new ByteArrayInputStream(junk), new ByteArrayOutputStream()))
        .isInstanceOf(Images.Refused.class);
    assertThatThrownBy(
            () ->
                Images.stripMetadata(
                    "image/webp",
                    () -> new ByteArrayInputStream(junk),
                    new ByteArrayOutputStream()))
        .isInstanceOf(Images.Refused.class);
    assertThatThrownBy(
            () ->
                Images.stripMetadata(
                    "image/gif", () -> new ByteArrayInputStream(junk), new ByteArrayOutputStream()))
        .isInstanceOf(Images.Refused.class);
  }
}
