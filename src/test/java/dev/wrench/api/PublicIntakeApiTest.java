package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Public request intake (issue 20): a manager's link files anonymous requests of its asset, seen by
 * staff with their contact; a status token reads one request's status page and nothing else;
 * revoked and unknown tokens are refused alike; who may make links, and in which organization.
 */
class PublicIntakeApiTest extends RequestApiTestBase {

  private PublicIntakeCalls intake;

  @BeforeAll
  void calls() {
    intake = new PublicIntakeCalls(http);
  }

  private JsonObject filed(String linkToken) {
    Http.Response filed = intake.file(linkToken, "Leak " + UUID.randomUUID());
    assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    return filed.json();
  }

  /** The types and actors of the events of request {@code id}, read from the outbox. */
  private List<String> eventsOf(String id) throws SQLException {
    List<String> events = new ArrayList<>();
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement(
                "SELECT type, actor_id FROM work_order_events WHERE request_id = ?::uuid")) {
      query.setString(1, id);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(rows.getString(1) + " by " + rows.getString(2));
        }
      }
    }
    return events;
  }

  @Test
  void aManagersLinkFilesAnAnonymousRequestThatStaffSeeWithItsContact() throws SQLException {
    String manager = server.createUser("manager").token();
    String assetId = asset(null);
    JsonObject link = intake.link(manager, assetId);
    assertThat(link.fieldNames())
        .containsExactlyInAnyOrder("id", "asset_id", "token", "created_at", "revoked_at");
    assertThat(link.getString("asset_id")).isEqualTo(assetId);
    assertThat(link.getString("token")).startsWith("wrl_");
    assertThat(link.getString("revoked_at")).isNull();

    Http.Response listed = http.get(PublicIntakeCalls.links(assetId)).token(manager).send();
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.items()).hasSize(1);
    JsonObject shown = listed.items().getJsonObject(0);
    assertThat(shown.getString("id")).isEqualTo(link.getString("id"));
    assertThat(shown.containsKey("token")).isFalse();
    assertThat(listed.body().toString()).doesNotContain(link.getString("token"));

    Http.Response filed = intake.file(link.getString("token"), "Ice machine leaks");
    assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    JsonObject answer = filed.json();
    assertThat(answer.fieldNames())
        .containsExactlyInAnyOrder("id", "number", "status", "created_at", "status_token");
    assertThat(answer.getString("number")).matches("RQ-\\d{6}");
    assertThat(answer.getString("status")).isEqualTo("pending");
    assertThat(answer.getString("status_token")).startsWith("wrs_");
    String id = answer.getString("id");
    assertThat(filed.header("Location")).isEqualTo("/public/requests/" + id);

    JsonObject request = http.get(REQUESTS + "/" + id).token(manager).send().json();
    assertThat(request.getString("title")).isEqualTo("Ice machine leaks");
    assertThat(request.getString("description")).isEqualTo("by the loading dock");
    assertThat(request.getString("asset_id")).isEqualTo(assetId);
    assertThat(request.getString("requester_id")).isNull();
    assertThat(request.getString("contact")).isEqualTo("Sam, ext. 214");
    assertThat(request.getString("number")).isEqualTo(answer.getString("number"));
    assertThat(eventsOf(id)).containsExactly("request_created by null");
  }

  @Test
  void theStatusPageShowsOnlyTheStatusAndTheDecision() {
    String assetId = asset(null);
    String token = intake.link(admin, assetId).getString("token");
    JsonObject rejected = filed(token);
    JsonObject approved = filed(token);

    Http.Response page =
        intake.status(rejected.getString("id"), rejected.getString("status_token"));
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().fieldNames())
        .containsExactlyInAnyOrder("number", "status", "created_at", "rejection_reason");
    assertThat(page.json().getString("status")).isEqualTo("pending");
    assertThat(page.json().getString("number")).isEqualTo(rejected.getString("number"));

    Http.Response reject =
        move(
            admin,
            rejected.getString("id"),
            "reject",
            new JsonObject().put("reason", "Already reported"));
    assertThat(reject.status()).as(reject.toString()).isEqualTo(200);
    page = intake.status(rejected.getString("id"), rejected.getString("status_token"));
    assertThat(page.json().getString("status")).isEqualTo("rejected");
    assertThat(page.json().getString("rejection_reason")).isEqualTo("Already reported");

    Http.Response approve = move(admin, approved.getString("id"), "approve", null);
    assertThat(approve.status()).as(approve.toString()).isEqualTo(201);
    page = intake.status(approved.getString("id"), approved.getString("status_token"));
    assertThat(page.json().getString("status")).isEqualTo("approved");
    assertThat(page.json().getString("rejection_reason")).isNull();
  }

  @Test
  void aWrongMissingOrOtherStatusTokenLooksLikeAMissingRequest() {
    String token = intake.link(admin, asset(null)).getString("token");
    JsonObject first = filed(token);
    JsonObject second = filed(token);
    List<Http.Response> refused =
        List.of(
            intake.status(second.getString("id"), first.getString("status_token")),
            intake.status(second.getString("id"), null),
            intake.status(second.getString("id"), "wrs_made-up"),
            intake.status(UUID.randomUUID().toString(), first.getString("status_token")));
    for (Http.Response response : refused) {
      assertProblem(response, 404, "/problems/not-found");
      assertThat(response.json().getString("detail")).isEqualTo("request not found");
      assertThat(response.body().toString()).doesNotContain(second.getString("number"));
    }
  }

  @Test
  void revokedAndUnknownTokensGetTheSameRefusalAndFileNothing() {
    String manager = server.createUser("manager").token();
    String assetId = asset(null);
    JsonObject link = intake.link(manager, assetId);
    Http.Response revoked =
        http.delete("/api/v1/request-links/" + link.getString("id")).token(manager).send();
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
    assertThat(
            http.delete("/api/v1/request-links/" + link.getString("id"))
                .token(manager)
                .send()
                .status())
        .isEqualTo(204);
    JsonObject listed =
        http.get(PublicIntakeCalls.links(assetId)).token(manager).send().items().getJsonObject(0);
    assertThat(listed.getString("revoked_at")).isNotNull();

    Http.Response withRevoked = intake.file(link.getString("token"), "Noise");
    Http.Response withUnknown = intake.file("wrl_" + UUID.randomUUID(), "Noise");
    for (Http.Response response : List.of(withRevoked, withUnknown)) {
      assertProblem(response, 404, "/problems/not-found");
    }
    assertThat(withRevoked.json().getString("detail"))
        .isEqualTo(withUnknown.json().getString("detail"));
    assertThat(withRevoked.json().getString("title"))
        .isEqualTo(withUnknown.json().getString("title"));
    assertThat(intake.requestsOf(admin, assetId)).isZero();
  }

  @Test
  void aDeletedAssetsLinkIsRefusedLikeAnUnknownOne() {
    String assetId = asset(null);
    String token = intake.link(admin, assetId).getString("token");
    assertThat(http.delete("/api/v1/assets/" + assetId).token(admin).send().status())
        .isEqualTo(204);
    Http.Response refused = intake.file(token, "Too late");
    assertProblem(refused, 404, "/problems/not-found");
    assertThat(refused.json().getString("detail")).isEqualTo("request link not found");
    assertThat(intake.requestsOf(admin, assetId)).isZero();
  }

  @Test
  void onlyManagersAndAdminsMakeListAndRevokeLinks() {
    String assetId = asset(null);
    String linkId = intake.link(admin, assetId).getString("id");
    for (String role : List.of("technician", "requester")) {
      String token = server.createUser(role).token();
      assertProblem(intake.makeLink(token, assetId), 403, "/problems/forbidden");
      assertProblem(
          http.get(PublicIntakeCalls.links(assetId)).token(token).send(),
          403,
          "/problems/forbidden");
      assertProblem(
          http.delete("/api/v1/request-links/" + linkId).token(token).send(),
          403,
          "/problems/forbidden");
    }
    assertProblem(
        http.post(PublicIntakeCalls.links(assetId)).send(), 401, "/problems/unauthorized");
    assertThat(
            http.get(PublicIntakeCalls.links(assetId))
                .token(admin)
                .send()
                .items()
                .getJsonObject(0)
                .getString("revoked_at"))
        .isNull();
  }

  @Test
  void anotherOrganizationsAssetAndLinkAreNotFound() {
    String assetId = asset(null);
    JsonObject link = intake.link(admin, assetId);
    String other = otherTenantAdmin();
    assertProblem(intake.makeLink(other, assetId), 404, "/problems/not-found");
    assertProblem(
        http.get(PublicIntakeCalls.links(assetId)).token(other).send(), 404, "/problems/not-found");
    assertProblem(
        http.delete("/api/v1/request-links/" + link.getString("id")).token(other).send(),
        404,
        "/problems/not-found");
    // Their own asset's link files into their organization only.
    String theirAsset =
        created(
            http.post("/api/v1/assets")
                .token(other)
                .json(new JsonObject().put("name", "their pump"))
                .send());
    JsonObject theirs = filed(intake.link(other, theirAsset).getString("token"));
    assertProblem(
        http.get(REQUESTS + "/" + theirs.getString("id")).token(admin).send(),
        404,
        "/problems/not-found");
    // Ours still works.
    filed(link.getString("token"));
  }

  @Test
  void aSiteScopedManagerMakesLinksOnlyOnTheirSites() {
    String mine = site("Plant A " + UUID.randomUUID());
    String theirs = site("Plant B " + UUID.randomUUID());
    String manager = server.createUser("manager", List.of(mine)).token();
    intake.link(manager, asset(mine));
    String hidden = asset(theirs);
    assertProblem(intake.makeLink(manager, hidden), 404, "/problems/not-found");
    String hiddenLink = intake.link(admin, hidden).getString("id");
    assertProblem(
        http.delete("/api/v1/request-links/" + hiddenLink).token(manager).send(),
        404,
        "/problems/not-found");
  }

  @Test
  void aBadBodyIsRefusedAndFilesNothing() {
    String assetId = asset(null);
    String token = intake.link(admin, assetId).getString("token");
    assertProblem(
        http.post(PublicIntakeCalls.PUBLIC_REQUESTS)
            .json(new JsonObject().put("token", token))
            .send(),
        400,
        "/problems/validation");
    assertProblem(
        http.post(PublicIntakeCalls.PUBLIC_REQUESTS)
            .json(new JsonObject().put("token", token).put("title", "x").put("requester_id", "y"))
            .send(),
        400,
        "/problems/validation");
    assertThat(intake.requestsOf(admin, assetId)).isZero();
  }
}
