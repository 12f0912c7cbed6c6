package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.ProblemAssertions;
import dev.wrench.support.WorkOrders;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reading, changing and deleting a work order: conditional requests, status moves, history,
 * comments.
 */
class WorkOrderChangeTest extends AbstractWorkOrderApiTest {

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
  void anUnknownStatusOrPriorityListsTheAllowedValues() {
    JsonObject wo = WorkOrders.create(http, admin, "enum values");
    Http.Response status = patch(admin, wo, new JsonObject().put("status", "finished"));
    ProblemAssertions.assertProblem(status, 400, "/problems/validation", "/status");
    assertThat(status.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("must be one of open, in_progress, on_hold, completed, cancelled");
    Http.Response priority =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "x").put("priority", "urgent"))
            .send();
    ProblemAssertions.assertProblem(priority, 400, "/problems/validation", "/priority");
    assertThat(priority.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("must be one of low, medium, high, critical");
  }

  @Test
  void statusMovesFollowTheStateMachine() {
    JsonObject wo = WorkOrders.create(http, admin, "lifecycle");
    Http.Response invalid = patch(admin, wo, new JsonObject().put("status", "completed"));
    assertThat(invalid.status()).isEqualTo(409);
    assertThat(invalid.json().getString("type")).isEqualTo("/problems/invalid-transition");
    // The refusal says where it may go instead, in the body and in words.
    assertThat(invalid.json().getJsonArray("allowed_transitions"))
        .containsExactly("in_progress", "on_hold", "cancelled");
    assertThat(invalid.json().getString("detail"))
        .isEqualTo(
            "a work order cannot move from open to completed; from open it can move to"
                + " in_progress, on_hold or cancelled");

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
}
