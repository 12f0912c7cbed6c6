package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.S3ProxyProcess;
import dev.wrench.support.Uploads;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Attachments against a real S3 API server (s3proxy, started by the test, checking signatures),
 * through the AWS SDK v2: the presigned download, its expiry, a large upload streamed in multipart
 * parts with bounded memory, and storage going down and coming back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentS3Test {

  private static final int PRESIGN_TTL_SECONDS = 3;

  private S3ProxyProcess s3;
  private WrenchServer server;
  private Http http;
  private Uploads uploads;
  private String admin;

  @BeforeAll
  void start() {
    s3 = S3ProxyProcess.start();
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "attachments",
                    s3.attachmentsConfig("wrench-test")
                        .put("max_size_bytes", 512 * 1024 * 1024)
                        .put("presign_ttl_seconds", PRESIGN_TTL_SECONDS)
                        .put("breaker_reset_ms", 300)));
    http = server.http();
    uploads = new Uploads(http);
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private JsonObject awaitVerdict(String id) {
    JsonObject[] last = new JsonObject[1];
    Awaitility.await("the worker's verdict on " + id)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = http.get("/api/v1/attachments/" + id).token(admin).send().json();
              return !"pending".equals(last[0].getString("status"));
            });
    return last[0];
  }

  @Test
  void downloadIsARedirectToAPresignedUrlThatExpires() throws Exception {
    String workOrder = WorkOrders.create(http, admin, "s3").getString("id");
    byte[] image = AttachmentApiTestBase.png(300, 200);
    Http.Response created =
        uploads.upload(
            "/api/v1/work-orders/" + workOrder + "/attachments",
            admin,
            "Plan été 100%.png",
            "image/png",
            image);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(created.json().getString("filename")).isEqualTo("Plan été 100%.png");
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");

    Http.Response content = uploads.get("/api/v1/attachments/" + id + "/content", admin);
    assertThat(content.status()).isEqualTo(302);
    String url = content.header("Location");
    assertThat(url)
        .startsWith(s3.endpoint() + "/wrench-test/org/")
        .contains(id)
        .contains("X-Amz-Signature");
    HttpResponse<byte[]> fetched = uploads.fetch(url);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(AttachmentApiTestBase.sha256(fetched.body()))
        .isEqualTo(created.json().getString("sha256"));
    assertThat(fetched.headers().firstValue("Content-Disposition"))
        .hasValue(
            "attachment; filename=\"Plan _t_ 100%.png\";"
                + " filename*=UTF-8''Plan%20%C3%A9t%C3%A9%20100%25.png");

    HttpResponse<byte[]> tampered = uploads.fetch(url.replace(id, UUID.randomUUID().toString()));
    assertThat(tampered.statusCode()).isEqualTo(403);

    Awaitility.await("the presigned URL expires")
        .atMost(Duration.ofSeconds(PRESIGN_TTL_SECONDS + 20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> uploads.fetch(url).statusCode() == 403);

    Http.Response thumbnail =
        uploads.get("/api/v1/attachments/" + id + "/content?variant=thumbnail", admin);
    assertThat(thumbnail.status()).isEqualTo(302);
    assertThat(uploads.fetch(thumbnail.header("Location")).statusCode()).isEqualTo(200);
  }

  /**
   * 96 MiB streamed through multipart parts: the round trip keeps the checksum, and the heap held
   * midway (after a full GC) stays far below what buffering the file would take. A guard with a
   * generous bound, not a measurement: bench/attachments-upload.sh measures a 1 GiB upload.
   */
  @Test
  void aLargeUploadIsStreamedWithBoundedMemory() throws Exception {
    String workOrder = WorkOrders.create(http, admin, "s3").getString("id");
    long size = 96L * 1024 * 1024;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    AtomicLong heapMidway = new AtomicLong(-1);
    long baseline = usedHeapAfterGc();
    Http.Response created =
        uploads.upload(
            "/api/v1/work-orders/" + workOrder + "/attachments",
            admin,
            "big.txt",
            "text/plain",
            null,
            () -> new TextStream(size, sent, heapMidway));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getLong("size")).isEqualTo(size);
    assertThat(created.json().getString("sha256"))
        .isEqualTo(HexFormat.of().formatHex(sent.digest()));
    assertThat(heapMidway.get()).isPositive();
    assertThat(heapMidway.get() - baseline)
        .as("heap held with %d of %d MiB sent", size * 3 / 4 >> 20, size >> 20)
        .isLessThan(32L * 1024 * 1024);
    assertThat(awaitVerdict(created.json().getString("id")).getString("status")).isEqualTo("ready");
  }

  static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Lines of text, generated as they are read; at three quarters, the heap in use is noted. */
  static final class TextStream extends InputStream {
    private static final byte[] LINE =
        "Replace the filter of AHU-3 and check the belt tension.\n"
            .getBytes(StandardCharsets.US_ASCII);
    private final long size;
    private final MessageDigest digest;
    private final AtomicLong heapMidway;
    private long position;

    TextStream(long size, MessageDigest digest, AtomicLong heapMidway) {
      this.size = size;
      this.digest = digest;
      this.heapMidway = heapMidway;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = LINE[(int) ((position + i) % LINE.length)];
      }
      digest.update(b, off, n);
      long before = position;
      position += n;
      if (before < size * 3 / 4 && position >= size * 3 / 4) {
        heapMidway.set(usedHeapAfterGc());
      }
      return n;
    }
  }

  @Test
  void storageDownFailsUploadsFastWith503AndReadinessReportsIt() throws Exception {
    String workOrder = WorkOrders.create(http, admin, "s3").getString("id");
    s3.kill();
    try {
      Http.Response refused =
          uploads.upload(
              "/api/v1/work-orders/" + workOrder + "/attachments",
              admin,
              "down.txt",
              "text/plain",
              "down".getBytes(StandardCharsets.UTF_8));
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      assertThat(refused.json().getString("type")).isEqualTo("/problems/service-unavailable");
      Awaitility.await("readiness reports storage down")
          .atMost(Duration.ofSeconds(20))
          .until(() -> "down".equals(storageState()));
      Awaitility.await("no row is left half-made")
          .atMost(Duration.ofSeconds(10))
          .until(() -> count("SELECT count(*) FROM attachments WHERE status = 'uploading'") == 0);
      assertThat(http.get("/api/v1/work-orders/" + workOrder).token(admin).send().status())
          .as("the rest of the API serves on")
          .isEqualTo(200);
    } finally {
      s3.restart();
    }
    Awaitility.await("readiness reports storage up again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "up".equals(storageState()));
    Awaitility.await("uploads work again")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                uploads
                        .upload(
                            "/api/v1/work-orders/" + workOrder + "/attachments",
                            admin,
                            "up.txt",
                            "text/plain",
                            "up".getBytes(StandardCharsets.UTF_8))
                        .status()
                    == 201);
  }

  private String storageState() {
    return http.get("/api/v1/admin/health")
        .token(admin)
        .send()
        .check("object-storage")
        .getJsonObject("data")
        .getString("state");
  }

  private int count(String sql) throws Exception {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getInt(1);
    }
  }
}
