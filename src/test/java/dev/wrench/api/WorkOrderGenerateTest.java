package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The work order's new fields (type, location, and the read-only schedule and occurrence) and the
 * {@code generate} verb that preventive maintenance calls: exactly one work order and one created
 * event per (schedule, occurrence), however many calls race for it (issue 19).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOrderGenerateTest {

  private WrenchServer server;
  private Http http;
  private String admin;
  private WorkOrderService workOrders;
  private Actor scheduleCreator;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    workOrders =
        BusClient.of(server.vertx().eventBus(), WorkOrderService.class, new DeliveryOptions());
    WrenchServer.User user = server.createUser("admin");
    scheduleCreator = new Actor(UUID.fromString(user.id()), WrenchServer.DEFAULT_ORG, "admin");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject occurrence(String schedule, String at) {
    return new JsonObject()
        .put("title", "Monthly filter change")
        .put("description", "From the schedule")
        .put("priority", "high")
        .put("pm_schedule_id", schedule)
        .put("occurrence_at", at)
        .put("due_at", "2027-01-04T17:00:00Z");
  }

  private long count(String sql, UUID schedule) {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, schedule);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long workOrdersOf(UUID schedule) {
    return count("SELECT count(*) FROM work_orders WHERE pm_schedule_id = ?", schedule);
  }

  private long createdEventsOf(UUID schedule) {
    return count(
        "SELECT count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id"
            + " WHERE w.pm_schedule_id = ? AND e.type = 'created'"
            // The event names the schedule and the occurrence, as the work order does.
            + " AND e.data->'work_order'->>'pm_schedule_id' = w.pm_schedule_id::text"
            + " AND e.data->'work_order'->>'type' = 'preventive'"
            + " AND e.data->'work_order'->>'occurrence_at' IS NOT NULL",
        schedule);
  }

  @Test
  void aGeneratedWorkOrderIsPreventiveAndCarriesItsOccurrence() {
    UUID schedule = UUID.randomUUID();
    JsonObject first =
        Http.await(
            workOrders.generate(
                scheduleCreator, occurrence(schedule.toString(), "2027-01-04T07:00:00Z")));
    assertThat(first.getBoolean("created")).isTrue();
    assertThat(first.getString("type")).isEqualTo("preventive");
    assertThat(first.getString("pm_schedule_id")).isEqualTo(schedule.toString());
    assertThat(first.getString("occurrence_at")).isEqualTo("2027-01-04T07:00:00Z");
    assertThat(first.getString("priority")).isEqualTo("high");
    assertThat(first.getString("requester_id")).isEqualTo(scheduleCreator.userId().toString());

    JsonObject again =
        Http.await(
            workOrders.generate(
                scheduleCreator, occurrence(schedule.toString(), "2027-01-04T08:00:00+01:00")));
    assertThat(again.getBoolean("created")).as("the same instant in another offset").isFalse();
    assertThat(again.getString("id")).isEqualTo(first.getString("id"));
    assertThat(workOrdersOf(schedule)).isEqualTo(1);
    assertThat(createdEventsOf(schedule)).isEqualTo(1);

    // Read through HTTP as any work order, and found by its schedule and type.
    Http.Response got = http.get(WorkOrders.PATH + "/" + first.getString("id")).token(admin).send();
    assertThat(got.status()).isEqualTo(200);
    JsonObject expected = first.copy();
    expected.remove("created");
    assertThat(got.json()).isEqualTo(expected);
    Http.Response bySchedule =
        http.get(WorkOrders.PATH + "?pm_schedule_id=" + schedule).token(admin).send();
    assertThat(bySchedule.items()).hasSize(1);
    Http.Response byType =
        http.get(WorkOrders.PATH + "?type=preventive&limit=100").token(admin).send();
    assertThat(byType.items().stream().map(i -> ((JsonObject) i).getString("type")))
        .isNotEmpty()
        .allMatch("preventive"::equals);
  }

  @Test
  void racingGeneratorsMakeExactlyOneWorkOrderPerOccurrence() {
    UUID schedule = UUID.randomUUID();
    for (int day = 1; day <= 5; day++) {
      String at = "2027-02-0" + day + "T06:00:00Z";
      List<Future<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(workOrders.generate(scheduleCreator, occurrence(schedule.toString(), at)));
      }
      List<JsonObject> replies = calls.stream().map(Http::await).toList();
      assertThat(replies.stream().filter(r -> r.getBoolean("created"))).hasSize(1);
      assertThat(replies.stream().map(r -> r.getString("id")).distinct()).hasSize(1);
    }
    assertThat(workOrdersOf(schedule)).isEqualTo(5);
    assertThat(createdEventsOf(schedule)).isEqualTo(5);
  }

  /**
   * A batch in one transaction: racing batches and single calls over the same occurrences still
   * make one work order and one event each; every reply is in the order asked, the same ids.
   */
  @Test
  void racingBatchesMakeExactlyOneWorkOrderPerOccurrenceInTheOrderAsked() {
    UUID schedule = UUID.randomUUID();
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    for (int day = 1; day <= 9; day++) {
      items.add(
          occurrence(schedule.toString(), "2027-03-0" + day + "T06:00:00Z")
              .put("created_by", scheduleCreator.userId().toString()));
    }
    // The same occurrence twice in one batch: made once.
    items.add(items.getJsonObject(0).copy());
    List<Future<JsonObject>> batches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batches.add(
          workOrders.generateBatch(scheduleCreator, new JsonObject().put("items", items.copy())));
    }
    Future<JsonObject> single =
        workOrders.generate(
            scheduleCreator, occurrence(schedule.toString(), "2027-03-05T06:00:00Z"));
    List<JsonObject> replies = batches.stream().map(Http::await).toList();
    List<String> firstIds = new ArrayList<>();
    replies
        .get(0)
        .getJsonArray("items")
        .forEach(item -> firstIds.add(((JsonObject) item).getString("id")));
    long created = Http.await(single).getBoolean("created") ? 1 : 0;
    for (JsonObject reply : replies) {
      io.vertx.core.json.JsonArray got = reply.getJsonArray("items");
      assertThat(got).hasSize(10);
      for (int i = 0; i < got.size(); i++) {
        JsonObject workOrder = got.getJsonObject(i);
        assertThat(workOrder.getString("id")).isEqualTo(firstIds.get(i));
        assertThat(workOrder.getString("occurrence_at"))
            .isEqualTo(items.getJsonObject(i).getString("occurrence_at"));
        assertThat(workOrder.getString("type")).isEqualTo("preventive");
        created += workOrder.getBoolean("created") ? 1 : 0;
      }
    }
    assertThat(firstIds.get(9)).isEqualTo(firstIds.get(0));
    assertThat(created).isEqualTo(9);
    assertThat(workOrdersOf(schedule)).isEqualTo(9);
    assertThat(createdEventsOf(schedule)).isEqualTo(9);
  }

  @Test
  void aBadGenerateBodyIsRefusedAndWritesNothing() {
    UUID schedule = UUID.randomUUID();
    for (JsonObject bad :
        List.of(
            occurrence(schedule.toString(), "2027-03-01T06:00:00Z").put("title", " "),
            occurrence(schedule.toString(), "2027-03-01T06:00:00Z").put("priority", "urgent"),
            occurrence(schedule.toString(), "yesterday"),
            occurrence("not-a-uuid", "2027-03-01T06:00:00Z"),
            occurrence(schedule.toString(), "2027-03-01T06:00:00Z")
                .put("asset_id", UUID.randomUUID().toString()))) {
      Throwable failure =
          workOrders
              .generate(scheduleCreator, bad)
              .toCompletionStage()
              .handle((ok, e) -> e)
              .toCompletableFuture()
              .join();
      assertThat(failure).as(bad.encode()).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) failure).failureCode()).as(bad.encode()).isIn(400, 422);
    }
    assertThat(workOrdersOf(schedule)).isZero();
  }

  @Test
  void theTypeIsSetOnCreateChangedByPatchAndFiltered() {
    JsonObject inspection =
        WorkOrders.create(
            http,
            admin,
            new JsonObject().put("title", "Annual inspection").put("type", "inspection"));
    assertThat(inspection.getString("type")).isEqualTo("inspection");
    assertThat(inspection.getValue("pm_schedule_id")).isNull();
    assertThat(inspection.getValue("occurrence_at")).isNull();
    JsonObject plain = WorkOrders.create(http, admin, "Broken handle");
    assertThat(plain.getString("type")).isEqualTo("corrective");

    Http.Response emergency =
        http.patch(WorkOrders.PATH + "/" + plain.getString("id"))
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("type", "emergency"))
            .send();
    assertThat(emergency.status()).as(emergency.toString()).isEqualTo(200);
    assertThat(emergency.json().getString("type")).isEqualTo("emergency");
    Http.Response filtered =
        http.get(WorkOrders.PATH + "?type=emergency,inspection&limit=100").token(admin).send();
    assertThat(filtered.items().stream().map(i -> ((JsonObject) i).getString("id")))
        .contains(plain.getString("id"), inspection.getString("id"));
    assertThat(filtered.items().stream().map(i -> ((JsonObject) i).getString("type")))
        .allMatch(t -> t.equals("emergency") || t.equals("inspection"));

    assertProblem(
        http.post(WorkOrders.PATH)
            .token(admin)
            .json(new JsonObject().put("title", "x").put("type", "urgent"))
            .send(),
        400,
        "/problems/validation");
    assertProblem(
        http.post(WorkOrders.PATH)
            .token(admin)
            .json(
                new JsonObject()
                    .put("title", "x")
                    .put("pm_schedule_id", UUID.randomUUID().toString()))
            .send(),
        400,
        "/problems/validation");
    assertProblem(
        http.get(WorkOrders.PATH + "?type=urgent").token(admin).send(),
        400,
        "/problems/validation");
  }
}
