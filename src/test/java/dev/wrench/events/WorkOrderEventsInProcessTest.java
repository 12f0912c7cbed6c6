package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.BusEvents;
import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.Uploads;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import dev.wrench.workorder.WorkOrderEventType;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The embedded default (no Kafka): each change of a work order writes its event in its own
 * transaction, and the relay delivers it on the event bus as a CloudEvent valid against the schema
 * of its type, in the order of the changes; rejected writes write no event; overdue work orders get
 * one event per due date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOrderEventsInProcessTest {

  private WrenchServer server;
  private Http http;
  private String admin;
  private BusEvents bus;

  @BeforeAll
  void start() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "events",
                    new JsonObject()
                        .put("overdue_check_ms", 100)
                        .put("relay", new JsonObject().put("poll_ms", 20))));
    http = server.http();
    admin = server.adminToken();
    bus = BusEvents.collect(server.vertx());
  }

  @AfterAll
  void stop() {
    bus.close();
    server.close();
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(e -> EventSchemas.typeOf(e).wire()).toList();
  }

  private Http.Response patch(String id, int version, JsonObject body) {
    return http.patch("/api/v1/work-orders/" + id)
        .token(admin)
        .header("If-Match", "\"" + version + "\"")
        .mergePatch(body)
        .send();
  }

  @Test
  void everyChangeIsPublishedOnceInOrderAsAValidCloudEvent() throws SQLException {
    WrenchServer.Technician first = server.createTechnicianUser();
    WrenchServer.Technician second = server.createTechnicianUser();
    JsonObject workOrder =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "Replace filter")
                .put("assignee_id", first.technicianId())
                .put("due_at", Instant.now().plus(2, ChronoUnit.DAYS).toString()));
    String id = workOrder.getString("id");

    assertThat(
            patch(id, 1, new JsonObject().put("title", "Replace filters").put("priority", "high"))
                .status())
        .isEqualTo(200);
    assertThat(patch(id, 2, new JsonObject().put("status", "in_progress")).status()).isEqualTo(200);
    assertThat(patch(id, 3, new JsonObject().put("assignee_id", second.technicianId())).status())
        .isEqualTo(200);
    // Rejected writes write no event: a stale version, a move the state machine refuses, a patch
    // that changes nothing.
    assertThat(patch(id, 1, new JsonObject().put("title", "stale")).status()).isEqualTo(412);
    assertThat(patch(id, 4, new JsonObject().put("status", "open")).status()).isEqualTo(409);
    assertThat(patch(id, 4, new JsonObject().put("priority", "high")).status()).isEqualTo(200);
    Http.Response comment =
        http.post("/api/v1/work-orders/" + id + "/comments")
            .token(admin)
            .json(new JsonObject().put("body", "On it"))
            .send();
    assertThat(comment.status()).isEqualTo(201);
    assertThat(
            http.delete("/api/v1/work-orders/" + id)
                .token(admin)
                .header("If-Match", "\"4\"")
                .send()
                .status())
        .isEqualTo(204);

    List<JsonObject> events = bus.await(id, 6);
    assertThat(types(events))
        .containsExactly(
            "created", "updated", "status_changed", "assigned", "commented", "deleted");
    events.forEach(EventSchemas::check);
    // Structured mode, as the README says: the message says what its body is.
    assertThat(bus.contentTypes()).isNotEmpty().containsOnly("application/cloudevents+json");
    assertThat(events.stream().map(e -> e.getLong("wrenchsequence")).toList()).isSorted();
    assertThat(events.stream().map(e -> e.getString("id")).distinct()).hasSize(6);

    JsonObject created = events.get(0);
    assertThat(created.getString("specversion")).isEqualTo("1.0");
    assertThat(created.getString("type")).isEqualTo("dev.wrench.work_order.created.v1");
    assertThat(created.getString("source"))
        .isEqualTo("/organizations/" + WrenchServer.DEFAULT_ORG + "/work-orders");
    assertThat(created.getJsonObject("data").getJsonObject("work_order")).isEqualTo(workOrder);
    assertThat(events.get(1).getJsonObject("data").getJsonObject("changes"))
        .isEqualTo(
            new JsonObject()
                .put(
                    "title",
                    new JsonObject().put("old", "Replace filter").put("new", "Replace filters"))
                .put("priority", new JsonObject().put("old", "medium").put("new", "high")));
    assertThat(events.get(2).getJsonObject("data").getString("from")).isEqualTo("open");
    assertThat(events.get(2).getJsonObject("data").getString("to")).isEqualTo("in_progress");
    assertThat(events.get(3).getJsonObject("data").getString("from"))
        .isEqualTo(first.technicianId());
    assertThat(events.get(3).getJsonObject("data").getString("to"))
        .isEqualTo(second.technicianId());
    assertThat(events.get(4).getJsonObject("data").getJsonObject("comment"))
        .isEqualTo(comment.json());
    assertThat(events.get(5).getJsonObject("data").getInteger("version")).isEqualTo(5);

    // The outbox holds exactly these rows, all marked published.
    assertThat(outboxRows(id)).isEqualTo(6);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unpublished() == 0);
  }

  @Test
  void anOverdueWorkOrderGetsOneEventPerDueDate() {
    JsonObject workOrder =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "Overdue inspection")
                .put("due_at", Instant.now().minus(1, ChronoUnit.HOURS).toString()));
    String id = workOrder.getString("id");
    List<JsonObject> events = bus.await(id, 2);
    assertThat(types(events)).containsExactly("created", "overdue");
    EventSchemas.check(events.get(1));
    assertThat(events.get(1).getJsonObject("data").getString("due_at"))
        .isEqualTo(workOrder.getString("due_at"));

    // Further checks find nothing new for this due date.
    for (int i = 0; i < 3; i++) {
      JsonObject written =
          Http.await(
                  server
                      .vertx()
                      .eventBus()
                      .<JsonObject>request(
                          (OutboxService.ADDRESS + ".detect-overdue"),
                          new JsonObject().put("limit", 500)))
              .body();
      assertThat(written.getLong("written")).isZero();
    }

    // A new due date, also past, is a new deadline missed: one more event.
    String newDue =
        Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(patch(id, 1, new JsonObject().put("due_at", newDue)).status()).isEqualTo(200);
    events = bus.await(id, 4);
    assertThat(types(events)).containsExactly("created", "overdue", "updated", "overdue");
    events.forEach(EventSchemas::check);

    // A completed work order is never overdue, whatever its due date.
    JsonObject done =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "Done before it was late")
                .put("due_at", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
    String doneId = done.getString("id");
    assertThat(patch(doneId, 1, new JsonObject().put("status", "in_progress")).status())
        .isEqualTo(200);
    assertThat(patch(doneId, 2, new JsonObject().put("status", "completed")).status())
        .isEqualTo(200);
    assertThat(patch(doneId, 3, new JsonObject().put("due_at", newDue)).status()).isEqualTo(200);
    JsonObject written =
        Http.await(
                server
                    .vertx()
                    .eventBus()
                    .<JsonObject>request(
                        (OutboxService.ADDRESS + ".detect-overdue"),
                        new JsonObject().put("limit", 500)))
            .body();
    assertThat(written.getLong("written")).isZero();
    assertThat(types(bus.await(doneId, 4)))
        .containsExactly("created", "status_changed", "status_changed", "updated");
  }

  @Test
  void anUploadedAttachmentIsAnEventOfItsWorkOrder() {
    String id = WorkOrders.create(http, admin, "with a manual").getString("id");
    Http.Response uploaded =
        new Uploads(http)
            .upload(
                "/api/v1/work-orders/" + id + "/attachments",
                admin,
                "manual.txt",
                "text/plain",
                "How to bleed the radiator.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);

    List<JsonObject> events = bus.await(id, 2);
    assertThat(types(events)).containsExactly("created", "attachment_added");
    events.forEach(EventSchemas::check);
    JsonObject data = events.get(1).getJsonObject("data");
    assertThat(data.getJsonObject("attachment").getString("id"))
        .isEqualTo(uploaded.json().getString("id"));
    assertThat(data.getJsonObject("attachment").getString("filename")).isEqualTo("manual.txt");
    assertThat(data.getJsonObject("attachment").getLong("size_bytes"))
        .isEqualTo(uploaded.json().getLong("size"));
  }

  @Test
  void eventsValidateOnlyAgainstTheirOwnSchema() {
    JsonObject workOrder = WorkOrders.create(http, admin, "Schema check");
    JsonObject created = bus.await(workOrder.getString("id"), 1).get(0);
    assertThat(EventSchemas.valid(WorkOrderEventType.CREATED, created)).isTrue();
    assertThat(EventSchemas.valid(WorkOrderEventType.DELETED, created)).isFalse();
    JsonObject broken = created.copy();
    broken.getJsonObject("data").getJsonObject("work_order").put("status", "lost");
    assertThat(EventSchemas.valid(WorkOrderEventType.CREATED, broken)).isFalse();
  }

  @Test
  void readinessReportsTheInProcessDelivery() {
    Http.Response ready = http.get("/api/v1/admin/health").token(admin).send();
    assertThat(ready.status()).isEqualTo(200);
    JsonObject events = ready.check("events");
    assertThat(events.getString("status")).isEqualTo("UP");
    assertThat(events.getJsonObject("data").getString("delivery")).isEqualTo("in-process");
    assertThat(events.getJsonObject("data").getString("state")).isEqualTo("up");
    assertThat(events.getJsonObject("data").containsKey("pending")).isTrue();
  }

  private int outboxRows(String workOrderId) throws SQLException {
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement(
                "SELECT count(*) FROM work_order_events WHERE work_order_id = ?")) {
      query.setObject(1, UUID.fromString(workOrderId));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private int unpublished() throws SQLException {
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement(
                "SELECT count(*) FROM work_order_events WHERE published_at IS NULL");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
