package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The worker and the sweeps: checksums, retries and dead letters, lost leases, soft deletes, orphan
 * objects and unfinished uploads.
 */
class AttachmentWorkerTest extends AttachmentApiTestBase {

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
}
