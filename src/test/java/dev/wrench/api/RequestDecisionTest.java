package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The moves of a request: approval into a work order (one transaction, once, whatever the
 * concurrency), rejection with a reason, cancellation by the requester; every other move 409 and
 * nothing changed; who may make each.
 */
class RequestDecisionTest extends RequestApiTestBase {

  private JsonObject read(String id) {
    Http.Response response = http.get(REQUESTS + "/" + id).token(admin).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  /** The work orders of {@code assetId} made from a request. */
  private List<JsonObject> workOrdersFromRequests(String assetId) {
    Http.Response list =
        http.get("/api/v1/work-orders?limit=100&asset_id=" + assetId).token(admin).send();
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.items().stream()
        .map(JsonObject.class::cast)
        .filter(w -> w.getString("request_id") != null)
        .toList();
  }

  @Test
  void approvalMakesTheWorkOrderFromTheRequestWithTheOverrides() {
    WrenchServer.User requester = server.createUser("requester");
    WrenchServer.Technician technician = server.createTechnicianUser();
    String manager = server.createUser("manager").token();
    String assetId = asset(null);
    Http.Response asked =
        ask(
            requester.token(),
            new JsonObject()
                .put("title", "Door sticks")
                .put("description", "Hall B, north door")
                .put("asset_id", assetId)
                .put("priority", "low"));
    String id = created(asked);

    Http.Response approved =
        move(
            manager,
            id,
            "approve",
            new JsonObject()
                .put("priority", "critical")
                .put("assignee_id", technician.technicianId())
                .put("due_at", "2026-12-09T12:00:00Z"));
    assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
    JsonObject workOrder = approved.json();
    String workOrderId = workOrder.getString("id");
    assertThat(approved.header("Location")).isEqualTo("/api/v1/work-orders/" + workOrderId);
    assertThat(approved.header("ETag")).isEqualTo("\"1\"");
    assertThat(workOrder.getString("number")).matches("WO-\\d{6}");
    assertThat(workOrder.getString("request_id")).isEqualTo(id);
    // The work order list finds it by its request.
    assertThat(
            http.get("/api/v1/work-orders?request_id=" + id).token(admin).send().items().stream()
                .map(w -> ((JsonObject) w).getString("id"))
                .toList())
        .containsExactly(workOrderId);
    assertThat(workOrder.getString("title")).isEqualTo("Door sticks");
    assertThat(workOrder.getString("description")).isEqualTo("Hall B, north door");
    assertThat(workOrder.getString("asset_id")).isEqualTo(assetId);
    assertThat(workOrder.getString("requester_id")).isEqualTo(requester.id());
    assertThat(workOrder.getString("priority")).isEqualTo("critical");
    assertThat(workOrder.getString("assignee_id")).isEqualTo(technician.technicianId());
    assertThat(workOrder.getString("due_at")).isEqualTo("2026-12-09T12:00:00Z");
    assertThat(workOrder.getString("status")).isEqualTo("open");

    JsonObject request = read(id);
    assertThat(request.getString("status")).isEqualTo("approved");
    assertThat(request.getString("work_order_id")).isEqualTo(workOrderId);
    assertThat(request.getInteger("version")).isEqualTo(2);
    // The requester follows it: their request, and the work order they requested.
    assertThat(
            http.get(REQUESTS + "/" + id)
                .token(requester.token())
                .send()
                .json()
                .getString("status"))
        .isEqualTo("approved");
    assertThat(
            http.get("/api/v1/work-orders/" + workOrderId).token(requester.token()).send().status())
        .isEqualTo(200);
    // request_id is read-only on the work order.
    assertProblem(
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "x").put("request_id", id))
            .send(),
        400,
        "/problems/validation");
  }

  @Test
  void approvalWithoutABodyTakesTheRequestsPriority() {
    String id =
        created(ask(admin, new JsonObject().put("title", "Lamp out").put("priority", "high")));
    Http.Response approved = move(admin, id, "approve", null);
    assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
    assertThat(approved.json().getString("priority")).isEqualTo("high");
    assertThat(approved.json().getValue("assignee_id")).isNull();
  }

  @Test
  void aBadOverrideChangesNothing() {
    String id = request(admin, null).getString("id");
    assertProblem(
        move(
            admin,
            id,
            "approve",
            new JsonObject().put("assignee_id", java.util.UUID.randomUUID().toString())),
        422,
        "/problems/unprocessable",
        "/assignee_id");
    assertProblem(
        move(admin, id, "approve", new JsonObject().put("priority", "urgent")),
        400,
        "/problems/validation");
    JsonObject request = read(id);
    assertThat(request.getString("status")).isEqualTo("pending");
    assertThat(request.getInteger("version")).isEqualTo(1);
    assertThat(move(admin, id, "approve", null).status()).isEqualTo(201);
  }

  @Test
  void rejectionNeedsAReasonAndShowsIt() {
    WrenchServer.User requester = server.createUser("requester");
    String id = request(requester.token(), null).getString("id");
    assertProblem(move(admin, id, "reject", new JsonObject()), 400, "/problems/validation");
    assertProblem(
        move(admin, id, "reject", new JsonObject().put("reason", " ")),
        400,
        "/problems/validation");
    assertThat(read(id).getString("status")).isEqualTo("pending");

    Http.Response rejected =
        move(admin, id, "reject", new JsonObject().put("reason", "Out of scope"));
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
    assertThat(rejected.header("ETag")).isEqualTo("\"2\"");
    assertThat(rejected.json().getString("status")).isEqualTo("rejected");
    assertThat(rejected.json().getString("rejection_reason")).isEqualTo("Out of scope");
    JsonObject seen = http.get(REQUESTS + "/" + id).token(requester.token()).send().json();
    assertThat(seen.getString("rejection_reason")).isEqualTo("Out of scope");
    assertThat(seen.getValue("work_order_id")).isNull();
  }

  @Test
  void onlyItsRequesterCancelsAndOnlyWhilePending() {
    WrenchServer.User technician = server.createUser("technician");
    String manager = server.createUser("manager").token();
    String id = request(technician.token(), null).getString("id");
    assertProblem(move(manager, id, "cancel", null), 403, "/problems/forbidden");
    assertProblem(move(admin, id, "cancel", null), 403, "/problems/forbidden");
    assertThat(read(id).getString("status")).isEqualTo("pending");
    Http.Response cancelled = move(technician.token(), id, "cancel", null);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("cancelled");
    assertProblem(
        move(technician.token(), id, "cancel", null), 409, "/problems/request-not-pending");
  }

  @Test
  void everyMoveFromADecidedRequestIs409AndChangesNothing() {
    WrenchServer.User requester = server.createUser("requester");
    String approved = request(requester.token(), null).getString("id");
    String rejected = request(requester.token(), null).getString("id");
    String cancelled = request(requester.token(), null).getString("id");
    assertThat(move(admin, approved, "approve", null).status()).isEqualTo(201);
    assertThat(move(admin, rejected, "reject", new JsonObject().put("reason", "no")).status())
        .isEqualTo(200);
    assertThat(move(requester.token(), cancelled, "cancel", null).status()).isEqualTo(200);

    for (String id : List.of(approved, rejected, cancelled)) {
      JsonObject before = read(id);
      assertProblem(move(admin, id, "approve", null), 409, "/problems/request-not-pending");
      assertProblem(
          move(admin, id, "reject", new JsonObject().put("reason", "again")),
          409,
          "/problems/request-not-pending");
      assertProblem(
          move(requester.token(), id, "cancel", null), 409, "/problems/request-not-pending");
      assertThat(read(id)).isEqualTo(before);
    }
  }

  @Test
  void onlyManagersAndAdminsDecide() {
    WrenchServer.User requester = server.createUser("requester");
    String technician = server.createUser("technician").token();
    String id = request(requester.token(), null).getString("id");
    for (String token : List.of(requester.token(), technician)) {
      assertProblem(move(token, id, "approve", null), 403, "/problems/forbidden");
      assertProblem(
          move(token, id, "reject", new JsonObject().put("reason", "no")),
          403,
          "/problems/forbidden");
    }
    assertThat(read(id).getString("status")).isEqualTo("pending");
  }

  @Test
  void concurrentApprovalsMakeOneWorkOrder() {
    String assetId = asset(null);
    String id = request(admin, assetId).getString("id");
    String manager = server.createUser("manager").token();
    List<Future<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(
          http.post(REQUESTS + "/" + id + "/approve")
              .token(i % 2 == 0 ? admin : manager)
              .sendAsync());
    }
    List<Http.Response> answers = calls.stream().map(Http::await).toList();
    List<Http.Response> made = answers.stream().filter(r -> r.status() == 201).toList();
    assertThat(made).hasSize(1);
    answers.stream()
        .filter(r -> r.status() != 201)
        .forEach(r -> assertProblem(r, 409, "/problems/request-not-pending"));
    List<JsonObject> workOrders = workOrdersFromRequests(assetId);
    assertThat(workOrders).hasSize(1);
    assertThat(workOrders.get(0).getString("id")).isEqualTo(made.get(0).json().getString("id"));
    assertThat(read(id).getString("work_order_id")).isEqualTo(workOrders.get(0).getString("id"));
  }
}
