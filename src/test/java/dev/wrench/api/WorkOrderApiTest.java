package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOrderApiTest {

  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Http.Response patch(String token, JsonObject workOrder, JsonObject changes) {
    return http.patch("/api/v1/work-orders/" + workOrder.getString("id"))
        .token(token)
        .header("If-Match", "\"" + workOrder.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  @Test
  void createReturns201WithLocationEtagAndTheResource() {
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(
                new JsonObject()
                    .put("title", "Replace filter on AHU-3")
                    .put("priority", "high")
                    .put("due_at", "2026-12-01T17:00:00Z")
                    .put("description", "Filter is clogged"))
            .send();
    assertThat(response.status()).isEqualTo(201);
    JsonObject wo = response.json();
    assertThat(response.header("Location")).isEqualTo("/api/v1/work-orders/" + wo.getString("id"));
    assertThat(response.header("ETag")).isEqualTo("\"1\"");
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(wo.getString("number")).matches("WO-\\d{6}");
    assertThat(wo.getString("status")).isEqualTo("open");
    assertThat(wo.getString("priority")).isEqualTo("high");
    assertThat(wo.getString("due_at")).isEqualTo("2026-12-01T17:00:00Z");
    assertThat(wo.getInteger("version")).isEqualTo(1);
    assertThat(wo.getValue("completed_at")).isNull();

    Http.Response fetched =
        http.get("/api/v1/work-orders/" + wo.getString("id")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(wo);
  }

  @Test
  void numbersArePerOrganizationSequenceAndNeverReused() {
    Set<String> numbers = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      numbers.add(WorkOrders.create(http, admin, "numbered " + i).getString("number"));
    }
    assertThat(numbers).hasSize(5);
  }

  @Test
  void everyResponseCarriesRequestIdAndSecurityHeaders() {
    Http.Response response =
        http.get("/api/v1/work-orders").token(admin).header("X-Request-Id", "abc-123").send();
    assertThat(response.header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(response.header("Strict-Transport-Security")).contains("max-age");
    assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");

    Http.Response insane =
        http.get("/api/v1/nothing-here").header("X-Request-Id", "bad id\twith spaces").send();
    assertThat(insane.header("X-Request-Id")).isNotEqualTo("bad id\twith spaces").isNotBlank();
    assertThat(insane.json().getString("request_id")).isEqualTo(insane.header("X-Request-Id"));
  }

  @Test
  void invalidBodyIs400ProblemWithPointersAndChangesNothing() {
    int before = http.get("/api/v1/work-orders?limit=100").token(admin).send().items().size();
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "").put("priority", "urgent").put("unknown", 1))
            .send();
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.json();
    assertThat(problem.getString("type")).isEqualTo("/problems/validation");
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getString("instance")).isEqualTo("/api/v1/work-orders");
    List<String> pointers =
        problem.getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("pointer"))
            .toList();
    assertThat(pointers).contains("/title", "/priority", "/unknown");
    assertThat(http.get("/api/v1/work-orders?limit=100").token(admin).send().items())
        .hasSize(before);
  }

  @Test
  void malformedJsonIs400AndWrongContentTypeIs415() {
    Http.Response malformed =
        http.post("/api/v1/work-orders").token(admin).raw("application/json", "{\"title\":").send();
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("type")).isEqualTo("/problems/validation");
    Http.Response text =
        http.post("/api/v1/work-orders").token(admin).raw("text/plain", "title").send();
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().getString("type")).isEqualTo("/problems/unsupported-media-type");
  }

  @Test
  void oversizedBodyIs413() {
    String huge = "x".repeat(1_100_000);
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "big").put("description", huge))
            .send();
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().getString("type")).isEqualTo("/problems/payload-too-large");
  }

  @Test
  void missingOrBadTokenIs401WithWwwAuthenticate() {
    Http.Response none = http.get("/api/v1/work-orders").send();
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json().getString("type")).isEqualTo("/problems/unauthorized");
    String tampered = admin.substring(0, admin.length() - 4) + "AAAA";
    assertThat(http.get("/api/v1/work-orders").token(tampered).send().status()).isEqualTo(401);
    assertThat(http.get("/api/v1/work-orders").token("not.a.jwt").send().status()).isEqualTo(401);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    Http.Response missing = http.get("/api/v1/nope").token(admin).send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("type")).isEqualTo("/problems/not-found");
    Http.Response method =
        http.call(io.vertx.core.http.HttpMethod.PUT, "/api/v1/work-orders")
            .token(admin)
            .json("{}")
            .send();
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().getString("type")).isEqualTo("/problems/method-not-allowed");
  }

  @Test
  void unknownWorkOrderIs404() {
    Http.Response response =
        http.get("/api/v1/work-orders/" + UUID.randomUUID()).token(admin).send();
    assertThat(response.status()).isEqualTo(404);
    assertThat(http.get("/api/v1/work-orders/not-a-uuid").token(admin).send().status())
        .isEqualTo(400);
  }

  @Test
  void getHonoursIfNoneMatch() {
    JsonObject wo = WorkOrders.create(http, admin, "conditional get");
    Http.Response response =
        http.get("/api/v1/work-orders/" + wo.getString("id"))
            .token(admin)
            .header("If-None-Match", "\"1\"")
            .send();
    assertThat(response.status()).isEqualTo(304);
    assertThat(response.header("ETag")).isEqualTo("\"1\"");
    assertThat(
            http.get("/api/v1/work-orders/" + wo.getString("id"))
                .token(admin)
                .header("If-None-Match", "\"7\"")
                .send()
                .status())
        .isEqualTo(200);
  }

  @Test
  void patchRequiresIfMatchAndRejectsStaleVersions() {
    JsonObject wo = WorkOrders.create(http, admin, "patched");
    Http.Response missing =
        http.patch("/api/v1/work-orders/" + wo.getString("id"))
            .token(admin)
            .mergePatch(new JsonObject().put("title", "x"))
            .send();
    assertThat(missing.status()).isEqualTo(428);
    assertThat(missing.json().getString("type")).isEqualTo("/problems/precondition-required");

    Http.Response ok =
        patch(admin, wo, new JsonObject().put("title", "patched again").put("priority", "low"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("ETag")).isEqualTo("\"2\"");
    assertThat(ok.json().getString("title")).isEqualTo("patched again");
    assertThat(ok.json().getString("priority")).isEqualTo("low");

    Http.Response stale = patch(admin, wo, new JsonObject().put("title", "lost update"));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().getString("type")).isEqualTo("/problems/precondition-failed");
    assertThat(
            http.get("/api/v1/work-orders/" + wo.getString("id"))
                .token(admin)
                .send()
                .json()
                .getString("title"))
        .isEqualTo("patched again");
  }

  @Test
  void patchAcceptsPlainJsonAndNullClearsAField() {
    JsonObject wo =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "with due date")
                .put("due_at", "2027-01-01T00:00:00Z")
                .put("description", "text"));
    Http.Response response =
        http.patch("/api/v1/work-orders/" + wo.getString("id"))
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().putNull("due_at").putNull("description"))
            .send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getValue("due_at")).isNull();
    assertThat(response.json().getValue("description")).isNull();
  }

  @Test
  void concurrentPatchesWithTheSameIfMatchLetExactlyOneWin() {
    JsonObject wo = WorkOrders.create(http, admin, "raced");
    List<Future<Http.Response>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(
          http.patch("/api/v1/work-orders/" + wo.getString("id"))
              .token(admin)
              .header("If-Match", "\"1\"")
              .mergePatch(new JsonObject().put("title", "winner " + i))
              .sendAsync());
    }
    List<Integer> statuses = racing.stream().map(Http::await).map(Http.Response::status).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 412).hasSize(7);
  }

  @Test
  void statusMovesFollowTheStateMachine() {
    JsonObject wo = WorkOrders.create(http, admin, "lifecycle");
    Http.Response invalid = patch(admin, wo, new JsonObject().put("status", "completed"));
    assertThat(invalid.status()).isEqualTo(409);
    assertThat(invalid.json().getString("type")).isEqualTo("/problems/invalid-transition");

    JsonObject started = patch(admin, wo, new JsonObject().put("status", "in_progress")).json();
    JsonObject done = patch(admin, started, new JsonObject().put("status", "completed")).json();
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getString("completed_at")).isNotNull();

    JsonObject reopened = patch(admin, done, new JsonObject().put("status", "open")).json();
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(reopened.getValue("completed_at")).isNull();

    JsonObject cancelled =
        patch(admin, reopened, new JsonObject().put("status", "cancelled")).json();
    assertThat(patch(admin, cancelled, new JsonObject().put("status", "open")).status())
        .isEqualTo(409);
  }

  @Test
  void historyRecordsWhoChangedWhichFieldAndSurvivesDelete() {
    JsonObject wo = WorkOrders.create(http, admin, "history");
    JsonObject changed =
        patch(admin, wo, new JsonObject().put("title", "history 2").put("priority", "critical"))
            .json();
    Http.Response deleted =
        http.delete("/api/v1/work-orders/" + wo.getString("id")).token(admin).send();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get("/api/v1/work-orders/" + wo.getString("id")).token(admin).send().status())
        .isEqualTo(404);

    JsonArray items =
        http.get("/api/v1/work-orders/" + wo.getString("id") + "/history")
            .token(admin)
            .send()
            .items();
    assertThat(items).hasSize(4);
    JsonObject created = items.getJsonObject(0);
    assertThat(created.getString("action")).isEqualTo("created");
    assertThat(created.getJsonObject("new_value").getString("title")).isEqualTo("history");
    JsonObject title = items.getJsonObject(1);
    assertThat(title.getString("action")).isEqualTo("updated");
    assertThat(title.getString("field")).isEqualTo("title");
    assertThat(title.getString("old_value")).isEqualTo("history");
    assertThat(title.getString("new_value")).isEqualTo("history 2");
    assertThat(title.getString("actor_id")).isNotNull();
    assertThat(items.getJsonObject(2).getString("field")).isEqualTo("priority");
    assertThat(items.getJsonObject(3).getString("action")).isEqualTo("deleted");
    assertThat(changed.getInteger("version")).isEqualTo(2);
  }

  @Test
  void historyTableRefusesUpdatesAndDeletes() throws Exception {
    WorkOrders.create(http, admin, "immutable history");
    try (var connection = server.database().connect();
        var statement = connection.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statement.execute("UPDATE work_order_history SET field = 'x'"))
          .hasMessageContaining("append-only");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statement.execute("DELETE FROM work_order_history"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void deleteHonoursIfMatchAndIsHiddenFromLists() {
    JsonObject wo = WorkOrders.create(http, admin, "to delete");
    assertThat(
            http.delete("/api/v1/work-orders/" + wo.getString("id"))
                .token(admin)
                .header("If-Match", "\"9\"")
                .send()
                .status())
        .isEqualTo(412);
    assertThat(
            http.delete("/api/v1/work-orders/" + wo.getString("id"))
                .token(admin)
                .header("If-Match", "\"1\"")
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            http.delete("/api/v1/work-orders/" + wo.getString("id")).token(admin).send().status())
        .isEqualTo(404);
    JsonArray all = http.get("/api/v1/work-orders?limit=100").token(admin).send().items();
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("id")))
        .doesNotContain(wo.getString("id"));
  }

  @Test
  void idempotentCreateReplaysTheFirstResponseAndRejectsAnotherBody() {
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("title", "idempotent").put("priority", "low");
    Http.Response first =
        http.post("/api/v1/work-orders")
            .token(admin)
            .header("Idempotency-Key", key)
            .json(body)
            .send();
    Http.Response replay =
        http.post("/api/v1/work-orders")
            .token(admin)
            .header("Idempotency-Key", key)
            .json(new JsonObject().put("priority", "low").put("title", "idempotent"))
            .send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

    Http.Response other =
        http.post("/api/v1/work-orders")
            .token(admin)
            .header("Idempotency-Key", key)
            .json(new JsonObject().put("title", "something else"))
            .send();
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().getString("type")).isEqualTo("/problems/idempotency-key-reused");

    long count =
        http.get("/api/v1/work-orders?q=idempotent&limit=100").token(admin).send().items().size();
    assertThat(count).isEqualTo(1);
  }

  @Test
  void concurrentIdempotentCreatesMakeOneWorkOrder() {
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("title", "concurrent idempotent zebra");
    List<Future<Http.Response>> racing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      racing.add(
          http.post("/api/v1/work-orders")
              .token(admin)
              .header("Idempotency-Key", key)
              .json(body)
              .sendAsync());
    }
    Set<String> ids = new HashSet<>();
    for (Future<Http.Response> f : racing) {
      Http.Response r = Http.await(f);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      ids.add(r.json().getString("id"));
    }
    assertThat(ids).hasSize(1);
  }

  @Test
  void unknownReferenceIs422WithPointer() {
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(
                new JsonObject()
                    .put("title", "bad asset")
                    .put("asset_id", UUID.randomUUID().toString()))
            .send();
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/asset_id");
  }

  /**
   * Soft-deleted rows stay for history, so the foreign keys still see them: the trigger refuses.
   */
  @Test
  void aReferenceToADeletedAssetOrTechnicianIs422WithPointerOnCreateAndPatch() {
    String asset = createThenDelete("/api/v1/assets", new JsonObject().put("name", "Gone pump"));
    String technician =
        createThenDelete(
            "/api/v1/technicians",
            new JsonObject().put("name", "Gone tech").put("email", "gone-tech@example.com"));
    JsonObject workOrder = WorkOrders.create(http, admin, "references checked");
    for (String field : List.of("asset_id", "assignee_id")) {
      String deleted = field.equals("asset_id") ? asset : technician;
      Http.Response created =
          http.post("/api/v1/work-orders")
              .token(admin)
              .json(new JsonObject().put("title", "to a deleted row").put(field, deleted))
              .send();
      assertThat(created.status()).as(created.toString()).isEqualTo(422);
      assertThat(created.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("/" + field);

      Http.Response patched = patch(admin, workOrder, new JsonObject().put(field, deleted));
      assertThat(patched.status()).as(patched.toString()).isEqualTo(422);
      assertThat(patched.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("/" + field);
    }
    // Nothing changed: the work order still has no asset and no assignee, at its first version.
    JsonObject unchanged =
        http.get("/api/v1/work-orders/" + workOrder.getString("id")).token(admin).send().json();
    assertThat(unchanged.getValue("asset_id")).isNull();
    assertThat(unchanged.getValue("assignee_id")).isNull();
    assertThat(unchanged.getInteger("version")).isEqualTo(workOrder.getInteger("version"));
  }

  private String createThenDelete(String collection, JsonObject body) {
    Http.Response created = http.post(collection).token(admin).json(body).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    Http.Response deleted = http.delete(collection + "/" + id).token(admin).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    return id;
  }

  @Test
  void commentsAreCreatedAndListedOldestFirst() {
    JsonObject wo = WorkOrders.create(http, admin, "commented");
    String path = "/api/v1/work-orders/" + wo.getString("id") + "/comments";
    for (int i = 0; i < 3; i++) {
      Http.Response created =
          http.post(path).token(admin).json(new JsonObject().put("body", "note " + i)).send();
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().getString("author_id")).isNotNull();
    }
    Http.Response page1 = http.get(path + "?limit=2").token(admin).send();
    assertThat(page1.items()).hasSize(2);
    assertThat(page1.items().getJsonObject(0).getString("body")).isEqualTo("note 0");
    String cursor = page1.json().getString("next_cursor");
    Http.Response page2 = http.get(path + "?limit=2&cursor=" + cursor).token(admin).send();
    assertThat(page2.items()).hasSize(1);
    assertThat(page2.items().getJsonObject(0).getString("body")).isEqualTo("note 2");
    assertThat(page2.json().getValue("next_cursor")).isNull();
    assertThat(
            http.post("/api/v1/work-orders/" + UUID.randomUUID() + "/comments")
                .token(admin)
                .json(new JsonObject().put("body", "x"))
                .send()
                .status())
        .isEqualTo(404);
  }

  @Test
  void anAcceptHeaderThatRefusesJsonIs406() {
    Http.Response html =
        http.get("/api/v1/work-orders").token(admin).header("Accept", "text/html").send();
    assertThat(html.status()).isEqualTo(406);
    assertThat(html.json().getString("type")).isEqualTo("/problems/not-acceptable");
    Http.Response refused =
        http.get("/api/v1/work-orders")
            .token(admin)
            .header("Accept", "application/json;q=0, text/*")
            .send();
    assertThat(refused.status()).isEqualTo(406);
    assertThat(
            http.get("/api/v1/work-orders")
                .token(admin)
                .header("Accept", "application/*")
                .send()
                .status())
        .isEqualTo(200);
    assertThat(
            http.get("/api/v1/work-orders")
                .token(admin)
                .header("Accept", "text/html, application/json;q=0.5")
                .send()
                .status())
        .isEqualTo(200);
  }
}
