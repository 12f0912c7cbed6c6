package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Uploads;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared fixture of the attachment tests in the embedded mode (files in a local folder): one
 * server per class with small limits (1 MiB, three attachments per work order, three worker
 * attempts), and the helpers to upload, await the worker's verdict and look into the store and the
 * database. The same code runs against a real S3 server in {@link AttachmentS3Test}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttachmentApiTestBase {

  static final int MAX_SIZE = 1024 * 1024;

  protected WrenchServer server;
  protected Http http;
  protected Uploads uploads;
  protected String admin;
  protected WrenchServer.User requester;
  protected WrenchServer.Technician technician;

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
  protected JsonObject withAttachments() {
    return new JsonObject()
        .put("title", "with attachments")
        .put("requester_id", requester.id())
        .put("assignee_id", technician.technicianId());
  }

  protected static String attachmentsOf(String workOrder) {
    return "/api/v1/work-orders/" + workOrder + "/attachments";
  }

  protected JsonObject upload(String workOrder, String filename, String type, byte[] content) {
    Http.Response response =
        uploads.upload(attachmentsOf(workOrder), admin, filename, type, content);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  protected JsonObject awaitVerdict(String id) {
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

  protected Path objects() {
    return server.dataDir().resolve("attachments").resolve("objects");
  }

  protected List<Path> storedFiles() throws IOException {
    if (!Files.exists(objects())) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(objects())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  protected int rows(String sql, Object... params) throws Exception {
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

  protected void execute(String sql, Object... params) throws Exception {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    }
  }
}
