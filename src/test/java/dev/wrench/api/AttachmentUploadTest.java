package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Attachments uploaded, listed, downloaded and deleted; row rules and tenancy; readiness. */
class AttachmentUploadTest extends AttachmentApiTestBase {

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
  void readinessReportsTheStore() {
    Http.Response ready = http.get("/api/v1/admin/health").token(admin).send();
    assertThat(ready.status()).isEqualTo(200);
    JsonObject check = ready.check("object-storage");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getString("state")).isEqualTo("up");
  }
}
