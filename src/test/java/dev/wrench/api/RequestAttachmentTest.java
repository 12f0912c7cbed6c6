package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A request's attachments: the same upload machinery and checks as a work order's, seen through the
 * request (a requester only their own), linked (not copied) to the work order on approval, and a
 * file kept while either side still refers to it.
 */
class RequestAttachmentTest extends AttachmentApiTestBase {

  private static String attachmentsOfRequest(String request) {
    return "/api/v1/requests/" + request + "/attachments";
  }

  private String request(String token) {
    Http.Response made =
        http.post("/api/v1/requests")
            .token(token)
            .json(new JsonObject().put("title", "Broken valve " + UUID.randomUUID()))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json().getString("id");
  }

  private JsonObject uploadTo(String request, String token, byte[] content) {
    Http.Response response =
        uploads.upload(attachmentsOfRequest(request), token, "valve.png", "image/png", content);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private List<JsonObject> items(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void approvalLinksTheRequestsFilesToTheWorkOrderAndEachSideDeletesOnlyItsOwnRow()
      throws Exception {
    String request = request(requester.token());
    byte[] photo = png(120, 80);
    JsonObject attachment = uploadTo(request, requester.token(), photo);
    String id = attachment.getString("id");
    assertThat(attachment.getString("request_id")).isEqualTo(request);
    assertThat(attachment.getValue("work_order_id")).isNull();
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");
    assertThat(items(http.get(attachmentsOfRequest(request)).token(requester.token()).send()))
        .extracting(a -> a.getString("id"))
        .containsExactly(id);

    Http.Response approved =
        http.post("/api/v1/requests/" + request + "/approve").token(admin).send();
    assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
    String workOrder = approved.json().getString("id");

    List<JsonObject> linked = items(http.get(attachmentsOf(workOrder)).token(admin).send());
    assertThat(linked).hasSize(1);
    JsonObject link = linked.get(0);
    assertThat(link.getString("id")).isNotEqualTo(id);
    assertThat(link.getString("work_order_id")).isEqualTo(workOrder);
    assertThat(link.getValue("request_id")).isNull();
    assertThat(link.getString("status")).isEqualTo("ready");
    assertThat(link.getString("sha256")).isEqualTo(awaitVerdict(id).getString("sha256"));
    // One stored object, under the request's key: linked, not copied.
    Path object =
        objects().resolve("org/" + WrenchServer.DEFAULT_ORG + "/rq/" + request + "/" + id);
    assertThat(object).exists();
    assertThat(objects().resolve("org/" + WrenchServer.DEFAULT_ORG + "/wo/" + workOrder))
        .doesNotExist();
    assertThat(
            rows(
                "SELECT count(DISTINCT storage_key) FROM attachments WHERE id IN (?, ?)",
                UUID.fromString(id),
                UUID.fromString(link.getString("id"))))
        .isEqualTo(1);

    // The requester reads the file through the request, and through the work order they asked for.
    Http.Response viaRequest =
        uploads.get("/api/v1/attachments/" + id + "/content", requester.token());
    assertThat(viaRequest.status()).as(viaRequest.toString()).isEqualTo(200);
    assertThat(
            uploads
                .get("/api/v1/attachments/" + link.getString("id") + "/content", requester.token())
                .status())
        .isEqualTo(200);

    // Deleting the work order's row keeps the file the request still refers to.
    assertThat(
            http.delete("/api/v1/attachments/" + link.getString("id")).token(admin).send().status())
        .isEqualTo(204);
    Awaitility.await("the sweep is done with the work order's row")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rows(
                        "SELECT count(*) FROM attachments WHERE id = ? AND object_removed_at IS NOT NULL",
                        UUID.fromString(link.getString("id")))
                    == 1);
    assertThat(object).exists();
    assertThat(uploads.get("/api/v1/attachments/" + id + "/content", requester.token()).status())
        .isEqualTo(200);

    // Once no row refers to it, the file goes.
    assertThat(http.delete("/api/v1/attachments/" + id).token(requester.token()).send().status())
        .isEqualTo(204);
    Awaitility.await("the sweep removes the object")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !Files.exists(object));
  }

  @Test
  void deletingTheRequestsRowKeepsTheFileOfTheWorkOrder() throws Exception {
    String request = request(admin);
    String id = uploadTo(request, admin, png(40, 40)).getString("id");
    assertThat(awaitVerdict(id).getString("status")).isEqualTo("ready");
    String workOrder =
        http.post("/api/v1/requests/" + request + "/approve")
            .token(admin)
            .send()
            .json()
            .getString("id");
    String link =
        items(http.get(attachmentsOf(workOrder)).token(admin).send()).get(0).getString("id");
    assertThat(http.delete("/api/v1/attachments/" + id).token(admin).send().status())
        .isEqualTo(204);
    Awaitility.await("the sweep is done with the request's row")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rows(
                        "SELECT count(*) FROM attachments WHERE id = ? AND object_removed_at IS NOT NULL",
                        UUID.fromString(id))
                    == 1);
    Http.Response content = uploads.get("/api/v1/attachments/" + link + "/content", admin);
    assertThat(content.status()).as(content.toString()).isEqualTo(200);
  }

  @Test
  void aRequestersAttachmentsAreTheirsAloneAndAnotherTenantsAre404() {
    String request = request(requester.token());
    String id =
        uploadTo(request, requester.token(), "note".getBytes(StandardCharsets.UTF_8))
            .getString("id");
    String other = server.createUser("requester").token();
    assertProblem(
        uploads.upload(attachmentsOfRequest(request), other, "x.txt", "text/plain", new byte[] {1}),
        404,
        "/problems/not-found");
    assertProblem(
        http.get(attachmentsOfRequest(request)).token(other).send(), 404, "/problems/not-found");
    assertProblem(
        http.get("/api/v1/attachments/" + id).token(other).send(), 404, "/problems/not-found");
    assertProblem(
        http.delete("/api/v1/attachments/" + id).token(other).send(), 404, "/problems/not-found");
    // Staff who see the request see its files.
    assertThat(
            http.get("/api/v1/attachments/" + id).token(technician.user().token()).send().status())
        .isEqualTo(200);

    String otherTenant = dev.wrench.support.Organizations.newAdmin(http, admin);
    assertProblem(
        uploads.upload(
            attachmentsOfRequest(request), otherTenant, "x.txt", "text/plain", new byte[] {1}),
        404,
        "/problems/not-found");
    assertProblem(
        http.get(attachmentsOfRequest(request)).token(otherTenant).send(),
        404,
        "/problems/not-found");
    assertProblem(
        http.get("/api/v1/attachments/" + id).token(otherTenant).send(),
        404,
        "/problems/not-found");
  }

  @Test
  void theUploadChecksOfWorkOrdersHoldForRequests() throws Exception {
    String request = request(admin);
    Http.Response executable =
        uploads.upload(
            attachmentsOfRequest(request),
            admin,
            "holiday.png",
            "image/png",
            AttachmentLimitsTest.executable());
    assertProblem(executable, 415, "/problems/unsupported-media-type");
    Http.Response tooLarge =
        uploads.upload(
            attachmentsOfRequest(request),
            admin,
            "big.txt",
            "text/plain",
            "x".repeat(MAX_SIZE + 1).getBytes(StandardCharsets.UTF_8));
    assertProblem(tooLarge, 413, "/problems/payload-too-large");
    assertThat(
            rows(
                "SELECT count(*) FROM attachments WHERE request_id = ? AND status <> 'uploading'",
                UUID.fromString(request)))
        .isZero();
    for (int i = 0; i < 3; i++) {
      uploadTo(request, admin, ("x" + i).getBytes(StandardCharsets.UTF_8));
    }
    assertProblem(
        uploads.upload(attachmentsOfRequest(request), admin, "4.txt", "text/plain", new byte[] {1}),
        409,
        "/problems/attachment-limit");
  }

  @Test
  void aDecidedRequestTakesNoMoreFiles() {
    String request = request(admin);
    assertThat(
            http.post("/api/v1/requests/" + request + "/reject")
                .token(admin)
                .json(new JsonObject().put("reason", "no"))
                .send()
                .status())
        .isEqualTo(200);
    assertProblem(
        uploads.upload(attachmentsOfRequest(request), admin, "x.txt", "text/plain", new byte[] {1}),
        409,
        "/problems/request-not-pending");
  }
}
