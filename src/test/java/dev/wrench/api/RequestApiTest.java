package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests as a resource: anyone asks, a requester sees only their own, numbers, lists with their
 * filters and pages, tenants (404), sites, and the checks of a create.
 */
class RequestApiTest extends RequestApiTestBase {

  private static List<String> ids(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  void everyRoleAsksAndGetsAPendingRequestWithItsOwnNumber() {
    String assetId = asset(null);
    List<Long> numbers = new ArrayList<>();
    for (String role : List.of("requester", "technician", "manager", "admin")) {
      WrenchServer.User user = role.equals("admin") ? null : server.createUser(role);
      String token = user == null ? admin : user.token();
      Http.Response made =
          ask(
              token,
              new JsonObject()
                  .put("title", "Noise from " + role)
                  .put("description", "since Monday")
                  .put("asset_id", assetId)
                  .put("priority", "high"));
      String id = created(made);
      JsonObject request = made.json();
      assertThat(made.header("Location")).isEqualTo(REQUESTS + "/" + id);
      assertThat(made.header("ETag")).isEqualTo("\"1\"");
      assertThat(request.getString("status")).isEqualTo("pending");
      assertThat(request.getString("priority")).isEqualTo("high");
      assertThat(request.getString("asset_id")).isEqualTo(assetId);
      assertThat(request.getValue("work_order_id")).isNull();
      assertThat(request.getValue("rejection_reason")).isNull();
      if (user != null) {
        assertThat(request.getString("requester_id")).isEqualTo(user.id());
      }
      assertThat(request.getString("number")).matches("RQ-\\d{6}");
      numbers.add(Long.parseLong(request.getString("number").substring(3)));
    }
    // Its own sequence: strictly rising, never reused.
    assertThat(numbers).isSorted().doesNotHaveDuplicates();
    Http.Response read =
        http.get(REQUESTS + "/" + ids(http.get(REQUESTS).token(admin).send()).get(0))
            .token(admin)
            .send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(
            http.get(REQUESTS + "/" + read.json().getString("id"))
                .token(admin)
                .header("If-None-Match", read.header("ETag"))
                .send()
                .status())
        .isEqualTo(304);
  }

  @Test
  void aRequesterSeesOnlyTheirOwnRequests() {
    WrenchServer.User mine = server.createUser("requester");
    WrenchServer.User theirs = server.createUser("requester");
    String own = request(mine.token(), null).getString("id");
    String other = request(theirs.token(), null).getString("id");

    assertThat(http.get(REQUESTS + "/" + own).token(mine.token()).send().status()).isEqualTo(200);
    assertProblem(
        http.get(REQUESTS + "/" + other).token(mine.token()).send(), 404, "/problems/not-found");
    assertThat(ids(http.get(REQUESTS + "?limit=100").token(mine.token()).send()))
        .contains(own)
        .doesNotContain(other);
    // Asking for someone else's by filter finds nothing either.
    assertThat(ids(http.get(REQUESTS + "?requester_id=" + theirs.id()).token(mine.token()).send()))
        .isEmpty();
    // Nor may they move it.
    assertProblem(move(mine.token(), other, "cancel", null), 404, "/problems/not-found");
    // Technicians and managers see every request.
    String technician = server.createUser("technician").token();
    assertThat(http.get(REQUESTS + "/" + other).token(technician).send().status()).isEqualTo(200);
    assertThat(ids(http.get(REQUESTS + "?limit=100").token(technician).send()))
        .contains(own, other);
  }

  @Test
  void listsFilterByStatusAssetAndRequesterAndPageByCursor() {
    WrenchServer.User requester = server.createUser("requester");
    String assetId = asset(null);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(request(requester.token(), assetId).getString("id"));
    }
    String rejected = made.get(0);
    assertThat(
            move(admin, rejected, "reject", new JsonObject().put("reason", "duplicate")).status())
        .isEqualTo(200);

    assertThat(ids(http.get(REQUESTS + "?asset_id=" + assetId + "&limit=100").token(admin).send()))
        .containsExactlyInAnyOrderElementsOf(made);
    assertThat(
            ids(
                http.get(REQUESTS + "?asset_id=" + assetId + "&status=rejected")
                    .token(admin)
                    .send()))
        .containsExactly(rejected);
    assertThat(
            ids(
                http.get(REQUESTS + "?asset_id=" + assetId + "&status=pending,cancelled")
                    .token(admin)
                    .send()))
        .hasSize(4)
        .doesNotContain(rejected);
    assertThat(ids(http.get(REQUESTS + "?requester_id=" + requester.id()).token(admin).send()))
        .containsExactlyInAnyOrderElementsOf(made);

    // Two at a time, newest first, every one once.
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      Http.Response page =
          http.get(
                  REQUESTS
                      + "?asset_id="
                      + assetId
                      + "&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .token(admin)
              .send();
      paged.addAll(ids(page));
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    List<String> newestFirst = new ArrayList<>(made);
    java.util.Collections.reverse(newestFirst);
    assertThat(paged).containsExactlyElementsOf(newestFirst);

    assertProblem(
        http.get(REQUESTS + "?status=open").token(admin).send(), 400, "/problems/validation");
    assertProblem(
        http.get(REQUESTS + "?priority=high").token(admin).send(), 400, "/problems/validation");
  }

  @Test
  void aCreateNeedsATitleAndAnAssetOrLocationOfTheOrganization() {
    assertProblem(
        ask(admin, new JsonObject().put("description", "no title")), 400, "/problems/validation");
    assertProblem(
        ask(admin, new JsonObject().put("title", "x").put("status", "approved")),
        400,
        "/problems/validation");
    assertProblem(
        ask(
            admin,
            new JsonObject().put("title", "x").put("asset_id", UUID.randomUUID().toString())),
        422,
        "/problems/unprocessable",
        "/asset_id");
    assertProblem(
        ask(
            admin,
            new JsonObject().put("title", "x").put("location_id", UUID.randomUUID().toString())),
        422,
        "/problems/unprocessable",
        "/location_id");
    String deleted = asset(null);
    assertThat(http.delete("/api/v1/assets/" + deleted).token(admin).send().status())
        .isEqualTo(204);
    assertProblem(
        ask(admin, new JsonObject().put("title", "x").put("asset_id", deleted)),
        422,
        "/problems/unprocessable",
        "/asset_id");
  }

  @Test
  void aCreateIsIdempotentByKey() {
    JsonObject body = new JsonObject().put("title", "Once only");
    Http.Response first =
        http.post(REQUESTS).token(admin).header("Idempotency-Key", "rq-once").json(body).send();
    Http.Response again =
        http.post(REQUESTS).token(admin).header("Idempotency-Key", "rq-once").json(body).send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(again.json().getString("number")).isEqualTo(first.json().getString("number"));
    assertProblem(
        http.post(REQUESTS)
            .token(admin)
            .header("Idempotency-Key", "rq-once")
            .json(new JsonObject().put("title", "Something else"))
            .send(),
        422,
        "/problems/idempotency-key-reused");
  }

  @Test
  void anotherTenantsRequestIs404ToEveryOperation() {
    String other = otherTenantAdmin();
    String id = request(admin, null).getString("id");
    assertProblem(http.get(REQUESTS + "/" + id).token(other).send(), 404, "/problems/not-found");
    assertThat(ids(http.get(REQUESTS + "?limit=100").token(other).send())).doesNotContain(id);
    assertProblem(move(other, id, "approve", null), 404, "/problems/not-found");
    assertProblem(
        move(other, id, "reject", new JsonObject().put("reason", "mine now")),
        404,
        "/problems/not-found");
    assertProblem(move(other, id, "cancel", null), 404, "/problems/not-found");
    // Nor may they ask about our asset.
    assertProblem(
        ask(other, new JsonObject().put("title", "x").put("asset_id", asset(null))),
        422,
        "/problems/unprocessable",
        "/asset_id");
    assertThat(http.get(REQUESTS + "/" + id).token(admin).send().json().getString("status"))
        .isEqualTo("pending");
  }

  @Test
  void aSiteScopedUserSeesAndDecidesOnlyTheirSitesRequests() {
    String north = site("North " + UUID.randomUUID());
    String south = site("South " + UUID.randomUUID());
    String northRequest = request(admin, asset(north)).getString("id");
    String southRequest = request(admin, asset(south)).getString("id");
    String manager = server.createUser("manager", List.of(north)).token();
    String technician = server.createUser("technician", List.of(north)).token();

    assertThat(ids(http.get(REQUESTS + "?limit=100").token(technician).send()))
        .contains(northRequest)
        .doesNotContain(southRequest);
    assertThat(http.get(REQUESTS + "/" + southRequest).token(technician).send().status())
        .isEqualTo(404);
    assertProblem(move(manager, southRequest, "approve", null), 404, "/problems/not-found");
    assertProblem(
        move(manager, southRequest, "reject", new JsonObject().put("reason", "not ours")),
        404,
        "/problems/not-found");
    assertProblem(
        ask(technician, new JsonObject().put("title", "x").put("asset_id", asset(south))),
        422,
        "/problems/unprocessable",
        "/asset_id");
    assertThat(move(manager, northRequest, "approve", null).status()).isEqualTo(201);
    assertThat(
            http.get(REQUESTS + "/" + southRequest).token(admin).send().json().getString("status"))
        .isEqualTo("pending");
  }
}
