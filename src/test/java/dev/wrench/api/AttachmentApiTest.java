package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Uploads;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Attachments in the embedded mode (files in a local folder): upload, the worker's verdict,
 * download, limits, row rules and tenancy, retries and dead letters, and the sweeps. The same code
 * runs against a real S3 server in {@link AttachmentS3Test}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentApiTest {

  static final int MAX_SIZE = 1024 * 1024;

  private WrenchServer server;
  private Http http;
  private Uploads uploads;
  private String admin;
  private WrenchServer.User requester;
  private WrenchServer.Technician technician;

  @BeforeAll
  void start() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "attachments",
                    new JsonObject()
                        .put("max_size_bytes", MAX_SIZE)
                        .put("max_per_work_order", 3)
                        .put(
                            "worker",
                            new JsonObject()
                                .put("max_attempts", 3)
                                .put("max_pixels", 4_000_000)
                                .put("stale_upload_ms", 60_000))));
    http = server.http();
    uploads = new Uploads(http);
    admin = server.adminToken();
    requester = server.createUser("requester");
    technician = server.createTechnicianUser();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // --- helpers ---

  /** The body of a work order of the requester's, assigned to the technician. */
  private JsonObject withAttachments() {
    return new JsonObject()
        .put("title", "with attachments")
        .put("requester_id", requester.id())
        .put("assignee_id", technician.technicianId());
  }

  private static String attachmentsOf(String workOrder) {
    return "/api/v1/work-orders/" + workOrder + "/attachments";
  }

  private JsonObject upload(String workOrder, String filename, String type, byte[] content) {
    Http.Response response =
        uploads.upload(attachmentsOf(workOrder), admin, filename, type, content);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private JsonObject awaitVerdict(String id) {
    JsonObject[] last = new JsonObject[1];
    Awaitility.await("the worker's verdict on " + id)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = http.get("/api/v1/attachments/" + id).token(admin).send().json();
              return !"pending".equals(last[0].getString("status"));
            });
    return last[0];
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

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

  /** A Windows executable's first bytes. */
  static byte[] executable() {
    byte[] bytes = new byte[4096];
    bytes[0] = 'M';
    bytes[1] = 'Z';
    bytes[0x3C] = (byte) 0x80;
    bytes[0x80] = 'P';
    bytes[0x81] = 'E';
    return bytes;
  }

  private Path objects() {
    return server.dataDir().resolve("attachments").resolve("objects");
  }

  private List<Path> storedFiles() throws IOException {
    if (!Files.exists(objects())) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(objects())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private int rows(String sql, Object... params) throws Exception {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  private void execute(String sql, Object... params) throws Exception {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    }
  }

  // --- the tests ---

  @Test
  void uploadAndDownloadRoundTripWithChecksumAndThumbnail() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    byte[] image = png(800, 600);
    Http.Response response =
        uploads.upload(
            attachmentsOf(workOrder),
            admin,
            "AHU-3 filter.png",
            "image/png",
            "Before the replacement",
            () -> new ByteArrayInputStream(image));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject created = response.json();
    assertThat(response.header("Location"))
        .isEqualTo("/api/v1/attachments/" + created.getString("id"));
    assertThat(created.getString("work_order_id")).isEqualTo(workOrder);
    assertThat(created.getString("filename")).isEqualTo("AHU-3 filter.png");
    assertThat(created.getString("description")).isEqualTo("Before the replacement");
    assertThat(created.getString("content_type")).isEqualTo("image/png");
    assertThat(created.getLong("size")).isEqualTo(image.length);
    assertThat(created.getString("sha256")).isEqualTo(sha256(image));
    assertThat(created.getString("status")).isEqualTo("pending");
    assertThat(created.getString("uploaded_by")).isNotNull();

    JsonObject ready = awaitVerdict(created.getString("id"));
    assertThat(ready.getString("status")).isEqualTo("ready");
    assertThat(ready.getBoolean("has_thumbnail")).isTrue();

    Http.Response content =
        uploads.get("/api/v1/attachments/" + created.getString("id") + "/content", admin);
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(content.header("Content-Disposition"))
        .isEqualTo(
            "attachment; filename=\"AHU-3 filter.png\"; filename*=UTF-8''AHU-3%20filter.png");
    assertThat(sha256(content.body().getBytes())).isEqualTo(created.getString("sha256"));

    Http.Response thumbnail =
        uploads.get(
            "/api/v1/attachments/" + created.getString("id") + "/content?variant=thumbnail", admin);
    assertThat(thumbnail.status()).isEqualTo(200);
    assertThat(thumbnail.header("Content-Type")).isEqualTo("image/png");
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body().getBytes()));
    assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(256);

    Http.Response list =
        http.get(attachmentsOf(workOrder) + "?limit=1").token(requester.token()).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.items()).hasSize(1);
    assertThat(list.items().getJsonObject(0).getString("id")).isEqualTo(created.getString("id"));
  }

  @Test
  void listsArePaginatedOldestFirst() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    String first =
        upload(workOrder, "a.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8))
            .getString("id");
    String second =
        upload(workOrder, "b.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8))
            .getString("id");
    Http.Response page = http.get(attachmentsOf(workOrder) + "?limit=1").token(admin).send();
    assertThat(page.items().getJsonObject(0).getString("id")).isEqualTo(first);
    String cursor = page.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    Http.Response next =
        http.get(attachmentsOf(workOrder) + "?limit=1&cursor=" + cursor).token(admin).send();
    assertThat(next.items().getJsonObject(0).getString("id")).isEqualTo(second);
    assertThat(next.json().getString("next_cursor")).isNull();
  }

  @Test
  void pathTraversalFilenameIsSanitizedAndNeverUsedAsAKey() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    JsonObject created =
        upload(
            workOrder,
            "../../../etc/cron.d/evil.txt",
            "text/plain",
            "* * * * * boom".getBytes(StandardCharsets.UTF_8));
    assertThat(created.getString("filename")).isEqualTo("evil.txt");
    JsonObject windows =
        upload(
            workOrder, "..\\\\..\\\\boot.ini", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(windows.getString("filename")).isEqualTo("boot.ini");
    awaitVerdict(created.getString("id"));
    UUID org = WrenchServer.DEFAULT_ORG;
    Path expected =
        objects().resolve("org/" + org + "/wo/" + workOrder + "/" + created.getString("id"));
    assertThat(expected).exists();
    assertThat(storedFiles()).noneMatch(p -> p.getFileName().toString().contains("evil"));
    assertThat(server.dataDir().resolve("etc")).doesNotExist();
  }

  @Test
  void anExecutableNamedPngIsRefusedWith415() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response response =
        uploads.upload(attachmentsOf(workOrder), admin, "holiday.png", "image/png", executable());
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().getString("type")).isEqualTo("/problems/unsupported-media-type");
    assertThat(http.get(attachmentsOf(workOrder)).token(admin).send().items()).isEmpty();
    assertThat(
            rows(
                "SELECT count(*) FROM attachments WHERE work_order_id = ?",
                UUID.fromString(workOrder)))
        .isZero();
  }

  /**
   * Over a raw socket the client sends twice the limit and never finishes its body: the 413 comes
   * while it is still sending, so the limit is enforced while streaming; nothing stays stored.
   */
  @Test
  void theSizeLimitIsEnforcedWhileStreaming() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    List<Path> before = storedFiles();
    String boundary = "limit-test";
    String path = attachmentsOf(workOrder);
    try (Socket socket = new Socket("127.0.0.1", http.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + admin
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                  + "Content-Type: text/plain\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      writeChunk(out, head);
      byte[] text = new byte[64 * 1024];
      java.util.Arrays.fill(text, (byte) 'a');
      for (int sent = 0; sent < 2 * MAX_SIZE; sent += text.length) {
        writeChunk(out, text);
      }
      out.flush();
      // The body is not finished (no closing boundary, no last chunk): the answer must come anyway.
      Http.Response response = readResponse(socket.getInputStream());
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.json().getString("type")).isEqualTo("/problems/payload-too-large");
      List<String> violations =
          dev.wrench.support.ContractValidator.get(server.vertx())
              .violations("POST", path, 413, response.header("Content-Type"), response.body());
      assertThat(violations).isEmpty();
    }
    Awaitility.await("the refused upload leaves nothing behind")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      rows(
                          "SELECT count(*) FROM attachments WHERE work_order_id = ?",
                          UUID.fromString(workOrder)))
                  .isZero();
              assertThat(storedFiles()).isEqualTo(before);
              try (Stream<Path> incoming =
                  Files.list(server.dataDir().resolve("attachments").resolve("incoming"))) {
                assertThat(incoming.count()).isZero();
              }
            });
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Http.Response readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
    return new Http.Response(status, headers, io.vertx.core.buffer.Buffer.buffer(body));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Test
  void aContentLengthOverTheLimitIsRefusedBeforeReading() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response response =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .raw("multipart/form-data; boundary=x", "a".repeat(MAX_SIZE + 100_000))
            .send();
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void badUploadsAreProblems() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response notMultipart =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .json(new JsonObject().put("file", "x"))
            .send();
    assertThat(notMultipart.status()).isEqualTo(415);
    Http.Response noFile =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .raw(
                "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nonly words\r\n--b--\r\n")
            .send();
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/body/file");
    Http.Response badId =
        http.post(attachmentsOf("not-a-uuid"))
            .token(admin)
            .raw("multipart/form-data; boundary=b", PermissionMatrixTest.textFilePart("a.txt", "a"))
            .send();
    assertThat(badId.status()).isEqualTo(400);
    Http.Response unknown =
        http.post(attachmentsOf(UUID.randomUUID().toString()))
            .token(admin)
            .raw(
                "multipart/form-data; boundary=matrix-boundary-7f3a",
                PermissionMatrixTest.textFilePart("a.txt", "a"))
            .send();
    assertThat(unknown.status()).isEqualTo(404);
    Http.Response longDescription =
        uploads.upload(
            attachmentsOf(workOrder),
            admin,
            "a.txt",
            "text/plain",
            "d".repeat(2001),
            () -> new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    assertThat(longDescription.status()).isEqualTo(400);
  }

  @Test
  void theNumberOfAttachmentsPerWorkOrderIsLimited() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    for (int i = 0; i < 3; i++) {
      upload(workOrder, i + ".txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    }
    Http.Response fourth =
        uploads.upload(
            attachmentsOf(workOrder),
            admin,
            "4.txt",
            "text/plain",
            "x".getBytes(StandardCharsets.UTF_8));
    assertThat(fourth.status()).isEqualTo(409);
    assertThat(fourth.json().getString("type")).isEqualTo("/problems/attachment-limit");
  }

  @Test
  void rowRulesAndTenancyFollowTheWorkOrder() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    String id =
        upload(workOrder, "r.txt", "text/plain", "r".getBytes(StandardCharsets.UTF_8))
            .getString("id");
    awaitVerdict(id);
    // Another requester: the work order does not exist for them, nor its attachments.
    WrenchServer.User stranger = server.createUser("requester");
    assertThat(
            uploads
                .upload(
                    attachmentsOf(workOrder),
                    stranger.token(),
                    "s.txt",
                    "text/plain",
                    "s".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(404);
    assertThat(http.get(attachmentsOf(workOrder)).token(stranger.token()).send().status())
        .isEqualTo(404);
    assertThat(http.get("/api/v1/attachments/" + id).token(stranger.token()).send().status())
        .isEqualTo(404);
    assertThat(uploads.get("/api/v1/attachments/" + id + "/content", stranger.token()).status())
        .isEqualTo(404);
    assertThat(http.delete("/api/v1/attachments/" + id).token(stranger.token()).send().status())
        .isEqualTo(404);
    // Its requester sees and downloads it.
    assertThat(uploads.get("/api/v1/attachments/" + id + "/content", requester.token()).status())
        .isEqualTo(200);
    // A technician it is not assigned to reads it but may not attach or delete.
    WrenchServer.Technician other = server.createTechnicianUser();
    assertThat(http.get("/api/v1/attachments/" + id).token(other.user().token()).send().status())
        .isEqualTo(200);
    Http.Response refused =
        uploads.upload(
            attachmentsOf(workOrder),
            other.user().token(),
            "t.txt",
            "text/plain",
            "t".getBytes(StandardCharsets.UTF_8));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(http.delete("/api/v1/attachments/" + id).token(other.user().token()).send().status())
        .isEqualTo(403);
    // The assigned technician attaches.
    assertThat(
            uploads
                .upload(
                    attachmentsOf(workOrder),
                    technician.user().token(),
                    "t.txt",
                    "text/plain",
                    "t".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
    // Another organization's admin: 404 everywhere.
    UUID otherOrg = server.createOrganization("Other Org " + UUID.randomUUID());
    String foreignAdmin = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    assertThat(http.get("/api/v1/attachments/" + id).token(foreignAdmin).send().status())
        .isEqualTo(404);
    assertThat(uploads.get("/api/v1/attachments/" + id + "/content", foreignAdmin).status())
        .isEqualTo(404);
    assertThat(http.get(attachmentsOf(workOrder)).token(foreignAdmin).send().status())
        .isEqualTo(404);
    assertThat(http.delete("/api/v1/attachments/" + id).token(foreignAdmin).send().status())
        .isEqualTo(404);
    assertThat(
            uploads
                .upload(
                    attachmentsOf(workOrder),
                    foreignAdmin,
                    "f.txt",
                    "text/plain",
                    "f".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(404);
    // Dead letters are for admins only.
    assertThat(http.get("/api/v1/attachment-dead-letters").token(requester.token()).send().status())
        .isEqualTo(403);
  }

  @Test
  void deleteIsSoftAndTheWorkerRemovesTheObject() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    String id = upload(workOrder, "d.png", "image/png", png(100, 100)).getString("id");
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");
    Path object =
        objects().resolve("org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + id);
    assertThat(object).exists();
    assertThat(Path.of(object + "-thumb")).exists();
    assertThat(http.delete("/api/v1/attachments/" + id).token(admin).send().status())
        .isEqualTo(204);
    assertThat(http.get("/api/v1/attachments/" + id).token(admin).send().status()).isEqualTo(404);
    assertThat(http.get(attachmentsOf(workOrder)).token(admin).send().items()).isEmpty();
    Awaitility.await("the sweep removes the object")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !Files.exists(object) && !Files.exists(Path.of(object + "-thumb")));
    Awaitility.await("and records it")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                rows(
                        "SELECT count(*) FROM attachments WHERE id = ? AND deleted_at IS NOT NULL AND object_removed_at IS NOT NULL",
                        UUID.fromString(id))
                    == 1);
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

  /** Bytes that changed in storage after the upload (tampering, a bad disk) are caught. */
  @Test
  void aChecksumMismatchIsRejected() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    UUID id = UUID.randomUUID();
    String key = "org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + id;
    Path object = objects().resolve(key);
    Files.createDirectories(object.getParent());
    Files.writeString(object, "tampered");
    execute(
        "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename, content_type, size, sha256,"
            + " status, uploaded_by, next_attempt_at) SELECT ?, org_id, id, ?, 'x.txt', 'text/plain', 8, ?,"
            + " 'pending', (SELECT id FROM users WHERE role = 'admin' LIMIT 1), now() FROM work_orders WHERE id = ?",
        id,
        key,
        sha256("original".getBytes(StandardCharsets.UTF_8)),
        UUID.fromString(workOrder));
    JsonObject verdict = awaitVerdict(id.toString());
    assertThat(verdict.getString("status")).isEqualTo("rejected");
    assertThat(verdict.getString("reason")).contains("checksum");
  }

  /**
   * The object is missing (storage lost it): every attempt fails, with backoff, until the last;
   * then the attachment is failed and dead-lettered. Once the object is back, an admin's retry
   * makes it ready.
   */
  @Test
  void failuresAreRetriedThenDeadLetteredAndAnAdminRetries() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    UUID id = UUID.randomUUID();
    String key = "org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + id;
    byte[] content = "the manual".getBytes(StandardCharsets.UTF_8);
    execute(
        "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename, content_type, size, sha256,"
            + " status, uploaded_by, next_attempt_at) SELECT ?, org_id, id, ?, 'manual.txt', 'text/plain', ?, ?,"
            + " 'pending', (SELECT id FROM users WHERE role = 'admin' LIMIT 1), now() FROM work_orders WHERE id = ?",
        id,
        key,
        (long) content.length,
        sha256(content),
        UUID.fromString(workOrder));
    JsonObject verdict = awaitVerdict(id.toString());
    assertThat(verdict.getString("status")).isEqualTo("failed");
    assertThat(verdict.getString("reason")).contains("3 attempts");
    assertThat(rows("SELECT attempts FROM attachments WHERE id = ?", id)).isEqualTo(3);

    Http.Response letters = http.get("/api/v1/attachment-dead-letters").token(admin).send();
    assertThat(letters.status()).isEqualTo(200);
    JsonObject letter =
        letters.items().stream()
            .map(JsonObject.class::cast)
            .filter(l -> l.getString("attachment_id").equals(id.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(letter.getInteger("attempts")).isEqualTo(3);
    assertThat(letter.getString("last_error")).contains("NoSuchFile");

    Path object = objects().resolve(key);
    Files.createDirectories(object.getParent());
    Files.write(object, content);
    Http.Response retried =
        http.post("/api/v1/attachment-dead-letters/" + letter.getString("id") + "/retry")
            .token(admin)
            .send();
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(retried.json().getString("status")).isEqualTo("pending");
    assertThat(awaitVerdict(id.toString()).getString("status")).isEqualTo("ready");
    assertThat(
            http.get("/api/v1/attachment-dead-letters").token(admin).send().items().stream()
                .map(JsonObject.class::cast)
                .noneMatch(l -> l.getString("id").equals(letter.getString("id"))))
        .isTrue();
    assertThat(
            http.post("/api/v1/attachment-dead-letters/" + letter.getString("id") + "/retry")
                .token(admin)
                .send()
                .status())
        .isEqualTo(404);
  }

  /** A job whose worker died (its lease ran out, the row still pending) is taken up again. */
  @Test
  void aPendingAttachmentWhoseWorkerDiedIsPickedUpAgain() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    String id =
        upload(workOrder, "w.txt", "text/plain", "w".getBytes(StandardCharsets.UTF_8))
            .getString("id");
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");
    execute(
        "UPDATE attachments SET status = 'pending', attempts = 1, lease_until = now() - interval '1 second',"
            + " next_attempt_at = now() - interval '1 minute' WHERE id = ?",
        UUID.fromString(id));
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");
  }

  @Test
  void orphanObjectsAndUnfinishedUploadsAreSwept() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Path orphan =
        objects()
            .resolve(
                "org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + UUID.randomUUID());
    Files.createDirectories(orphan.getParent());
    Files.writeString(orphan, "left by a crash");
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path recent =
        objects()
            .resolve(
                "org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + UUID.randomUUID());
    Files.writeString(recent, "being written right now");

    UUID stale = UUID.randomUUID();
    execute(
        "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename, status, uploaded_by, created_at)"
            + " SELECT ?, org_id, id, ?, 'stale.txt', 'uploading', (SELECT id FROM users WHERE role = 'admin' LIMIT 1),"
            + " now() - interval '2 hours' FROM work_orders WHERE id = ?",
        stale,
        "org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder + "/" + stale,
        UUID.fromString(workOrder));

    Awaitility.await("the sweep").atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(orphan));
    Awaitility.await("the unfinished upload is closed")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rows(
                        "SELECT count(*) FROM attachments WHERE id = ? AND status = 'failed' AND deleted_at IS NOT NULL",
                        stale)
                    == 1);
    assertThat(recent).exists();
  }

  @Test
  void readinessReportsTheStore() {
    Http.Response ready = http.get("/health/ready").send();
    assertThat(ready.status()).isEqualTo(200);
    JsonObject check = ready.check("object-storage");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getString("state")).isEqualTo("up");
  }
}
