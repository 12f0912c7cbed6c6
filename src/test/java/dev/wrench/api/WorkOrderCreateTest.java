package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Creating work orders: the created resource, numbering, idempotency keys and references. */
class WorkOrderCreateTest extends AbstractWorkOrderApiTest {

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
}
