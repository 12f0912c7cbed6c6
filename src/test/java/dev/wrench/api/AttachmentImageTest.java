package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The worker's verdict on images: location metadata stripped, bombs and corrupt images rejected.
 */
class AttachmentImageTest extends AttachmentApiTestBase {

  /** A JPEG carrying an EXIF segment with a GPS position, as a phone camera writes it. */
  static byte[] jpegWithGps() throws IOException {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", plain);
    byte[] jpeg = plain.toByteArray();
    byte[] exif =
        "Exif\0\0GPSLatitude=48.8584N;GPSLongitude=2.2945E".getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write((exif.length + 2) >> 8);
    out.write((exif.length + 2) & 0xFF);
    out.write(exif);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A valid PNG whose header claims far more pixels than its data could fill: a bomb. */
  static byte[] pngBomb() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void jpegLocationMetadataIsStripped() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    byte[] photo = jpegWithGps();
    assertThat(new String(photo, StandardCharsets.ISO_8859_1)).contains("GPSLatitude");
    JsonObject created = upload(workOrder, "site.jpg", "image/jpeg", photo);
    assertThat(created.getString("content_type")).isEqualTo("image/jpeg");
    JsonObject ready = awaitVerdict(created.getString("id"));
    assertThat(ready.getString("status")).isEqualTo("ready");
    byte[] served =
        uploads
            .get("/api/v1/attachments/" + created.getString("id") + "/content", admin)
            .body()
            .getBytes();
    assertThat(new String(served, StandardCharsets.ISO_8859_1))
        .doesNotContain("GPSLatitude")
        .doesNotContain("Exif");
    assertThat(ready.getLong("size")).isEqualTo(served.length).isLessThan(photo.length);
    assertThat(ready.getString("sha256")).isEqualTo(sha256(served));
    assertThat(ImageIO.read(new ByteArrayInputStream(served)).getWidth()).isEqualTo(640);
  }

  @Test
  void pngAndWebpLocationMetadataIsStrippedToo() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    for (Object[] file :
        new Object[][] {
          {"plan.png", "image/png", dev.wrench.attachment.ImagesTest.pngWithLocation()},
          {"site.webp", "image/webp", dev.wrench.attachment.ImagesTest.webpWithLocation()}
        }) {
      byte[] original = (byte[]) file[2];
      JsonObject created = upload(workOrder, (String) file[0], (String) file[1], original);
      assertThat(created.getString("content_type")).isEqualTo(file[1]);
      JsonObject ready = awaitVerdict(created.getString("id"));
      assertThat(ready.getString("status")).as(ready.encode()).isEqualTo("ready");
      byte[] served =
          uploads
              .get("/api/v1/attachments/" + created.getString("id") + "/content", admin)
              .body()
              .getBytes();
      assertThat(new String(served, StandardCharsets.ISO_8859_1))
          .as((String) file[0])
          .doesNotContain("GPSLatitude");
      assertThat(ready.getLong("size")).isEqualTo(served.length).isLessThan(original.length);
      assertThat(ready.getString("sha256")).isEqualTo(sha256(served));
    }
  }

  @Test
  void aDecompressionBombIsRejectedUndecoded() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    JsonObject created = upload(workOrder, "bomb.png", "image/png", pngBomb());
    JsonObject verdict = awaitVerdict(created.getString("id"));
    assertThat(verdict.getString("status")).isEqualTo("rejected");
    assertThat(verdict.getString("reason")).contains("100000x100000");
    Http.Response content =
        uploads.get("/api/v1/attachments/" + created.getString("id") + "/content", admin);
    assertThat(content.status()).isEqualTo(409);
    assertThat(content.json().getString("type")).isEqualTo("/problems/attachment-not-ready");
  }

  @Test
  void aCorruptImageIsRejected() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    byte[] image = png(50, 50);
    byte[] truncated = java.util.Arrays.copyOf(image, 60);
    JsonObject created = upload(workOrder, "broken.png", "image/png", truncated);
    assertThat(awaitVerdict(created.getString("id")).getString("status")).isEqualTo("rejected");
  }
}
