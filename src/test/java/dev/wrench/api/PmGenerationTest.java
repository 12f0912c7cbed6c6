package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.MovableClock;
import dev.wrench.support.PmServers;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generator on one instance, its clock moved by the test: work orders in the lead time, once
 * each; the catch-up limit after downtime; pause and resume; after_completion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PmGenerationTest {

  private static final String SCHEDULES = PmScheduleApiTest.SCHEDULES;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T06:00:00Z"));
  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = PmServers.start(clock);
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A daily schedule at 08:00 UTC from the clock's day. */
  private JsonObject daily(String title, int leadDays) {
    String day = clock.instant().toString().substring(0, 10);
    JsonObject body =
        new JsonObject()
            .put("title", title)
            .put("lead_time_days", leadDays)
            .put(
                "trigger",
                new JsonObject()
                    .put("type", "calendar")
                    .put("rrule", "FREQ=DAILY")
                    .put("start", day + "T08:00:00")
                    .put("time_zone", "UTC"));
    Http.Response response = http.post(SCHEDULES).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private long workOrders(JsonObject schedule) {
    return PmServers.count(
        server,
        "SELECT count(*) FROM work_orders WHERE type = 'preventive' AND pm_schedule_id = '"
            + schedule.getString("id")
            + "'");
  }

  private long occurrences(JsonObject schedule, String status) {
    return PmServers.count(
        server,
        "SELECT count(*) FROM pm_occurrences WHERE status = '"
            + status
            + "' AND schedule_id = '"
            + schedule.getString("id")
            + "'");
  }

  private JsonObject get(JsonObject schedule) {
    return http.get(SCHEDULES + "/" + schedule.getString("id")).token(admin).send().json();
  }

  @Test
  void theLeadTimeGeneratesAheadAndEachOccurrenceOnce() {
    JsonObject schedule = daily("Lead time", 2);
    PmServers.generate(server);
    PmServers.generate(server);
    // At 06:00: today's 08:00 and tomorrow's are within two days; the day after's is not yet.
    assertThat(workOrders(schedule)).isEqualTo(2);
    assertThat(occurrences(schedule, "generated")).isEqualTo(2);
    // One pm_schedule.generated event per work order, through the outbox.
    assertThat(
            PmServers.count(
                server,
                "SELECT count(*) FROM work_order_events WHERE type = 'pm_schedule_generated'"
                    + " AND data->>'pm_schedule_id' = '"
                    + schedule.getString("id")
                    + "'"))
        .isEqualTo(2);
    Http.Response forecast =
        http.get(
                SCHEDULES + "/" + schedule.getString("id") + "/occurrences?from=" + clock.instant())
            .token(admin)
            .send();
    assertThat(forecast.status()).as(forecast.toString()).isEqualTo(200);
    List<JsonObject> items = forecast.items().stream().map(JsonObject.class::cast).toList();
    assertThat(items.get(0).getString("status")).isEqualTo("generated");
    assertThat(items.get(0).getString("work_order_id")).isNotNull();
    assertThat(items.get(1).getString("status")).isEqualTo("generated");
    assertThat(items.get(2).getString("status")).isEqualTo("planned");
    Http.Response workOrder =
        http.get("/api/v1/work-orders/" + items.get(0).getString("work_order_id"))
            .token(admin)
            .send();
    assertThat(workOrder.json().getString("type")).isEqualTo("preventive");
    assertThat(workOrder.json().getString("pm_schedule_id")).isEqualTo(schedule.getString("id"));
    assertThat(workOrder.json().getString("title")).isEqualTo("Lead time");
  }

  @Test
  void afterDowntimeTheNewestMissedAreGeneratedAndTheOlderSkipped() {
    JsonObject schedule = daily("Catch-up", 0);
    // The round the create woke has run before the clock moves (else it could be the one that
    // catches up, and the round asked for below would find nothing left).
    PmServers.generate(server);
    clock.advance(Duration.ofDays(10));
    try {
      PmServers.generate(server);
      // Ten missed (the 0th to the 9th day's 08:00): the newest three generated, seven skipped.
      assertThat(workOrders(schedule)).isEqualTo(3);
      assertThat(occurrences(schedule, "skipped")).isEqualTo(7);
      assertThat(get(schedule).getString("next_due_at"))
          .isEqualTo(clock.instant().toString().substring(0, 10) + "T08:00:00Z");
    } finally {
      PmServers.generate(server);
    }
  }

  @Test
  void aPausedScheduleGeneratesNothingAndResumingDoesNotBackFill() {
    JsonObject schedule = daily("Paused", 0);
    Http.Response paused =
        http.patch(SCHEDULES + "/" + schedule.getString("id"))
            .token(admin)
            .header("If-Match", "\"" + get(schedule).getInteger("version") + "\"")
            .mergePatch(new JsonObject().put("paused", true))
            .send();
    assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
    clock.advance(Duration.ofDays(5));
    PmServers.generate(server);
    assertThat(workOrders(schedule)).isZero();

    Http.Response resumed =
        http.patch(SCHEDULES + "/" + schedule.getString("id"))
            .token(admin)
            .header("If-Match", "\"" + paused.json().getInteger("version") + "\"")
            .mergePatch(new JsonObject().put("paused", false))
            .send();
    assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    assertThat(Instant.parse(resumed.json().getString("next_due_at"))).isAfter(clock.instant());
    PmServers.generate(server);
    assertThat(workOrders(schedule)).isZero();
    assertThat(occurrences(schedule, "skipped")).isZero();
  }

  @Test
  void afterCompletionTheNextIsDueTheIntervalAfterTheWorkOrderIsCompleted() {
    JsonObject body =
        new JsonObject()
            .put("title", "Lubricate bearings")
            .put(
                "trigger",
                new JsonObject().put("type", "after_completion").put("interval_days", 30));
    Http.Response created = http.post(SCHEDULES).token(admin).json(body).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject schedule = created.json();
    PmServers.generate(server);
    assertThat(workOrders(schedule)).isEqualTo(1);
    assertThat(get(schedule).getValue("next_due_at")).isNull();

    String workOrderId =
        http.get(
                SCHEDULES
                    + "/"
                    + schedule.getString("id")
                    + "/occurrences?from="
                    + clock.instant().minus(Duration.ofDays(1)))
            .token(admin)
            .send()
            .items()
            .getJsonObject(0)
            .getString("work_order_id");
    String path = "/api/v1/work-orders/" + workOrderId;
    int version = http.get(path).token(admin).send().json().getInteger("version");
    for (String status : new String[] {"in_progress", "completed"}) {
      Http.Response moved =
          http.patch(path)
              .token(admin)
              .header("If-Match", "\"" + version + "\"")
              .mergePatch(new JsonObject().put("status", status))
              .send();
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      version = moved.json().getInteger("version");
    }
    String completedAt = http.get(path).token(admin).send().json().getString("completed_at");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(schedule).getValue("next_due_at") != null);
    assertThat(Instant.parse(get(schedule).getString("next_due_at")))
        .isEqualTo(Instant.parse(completedAt).plus(Duration.ofDays(30)));
  }

  /**
   * A completion whose event never reached the generator (here: made in SQL, so no event exists)
   * still moves the schedule on: the generator asks about the awaited work order once it has waited
   * ten minutes by its clock.
   */
  @Test
  void aCompletionWhoseEventWasLostIsFoundByAskingAboutTheWorkOrder() throws Exception {
    JsonObject body =
        new JsonObject()
            .put("title", "Grease the hoist")
            .put(
                "trigger",
                new JsonObject().put("type", "after_completion").put("interval_days", 7));
    Http.Response created = http.post(SCHEDULES).token(admin).json(body).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject schedule = created.json();
    PmServers.generate(server);
    assertThat(workOrders(schedule)).isEqualTo(1);

    // Within the interval of the clock (which the other tests move on), so that the next
    // occurrence is planned, not generated at once.
    Instant completedAt =
        clock.instant().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    try (java.sql.Connection db = server.database().connect();
        java.sql.PreparedStatement complete =
            db.prepareStatement(
                "UPDATE work_orders SET status = 'completed', completed_at = ?::timestamptz"
                    + " WHERE pm_schedule_id = ?::uuid")) {
      complete.setString(1, completedAt.toString());
      complete.setString(2, schedule.getString("id"));
      assertThat(complete.executeUpdate()).isOne();
    }
    // The first round after generation asks once (and finds it open: the SQL came after it may
    // have asked), then not again until ten minutes have passed by the generator's clock.
    PmServers.generate(server);
    clock.advance(Duration.ofMinutes(11));
    PmServers.generate(server);
    assertThat(Instant.parse(get(schedule).getString("next_due_at")))
        .isEqualTo(completedAt.plus(Duration.ofDays(7)));
  }

  /**
   * The occurrences of a round are made in one batch; one refused (its asset deleted since the
   * schedule was made) sends the batch back one by one: that one is skipped, the other made.
   */
  @Test
  void aBatchWithOneRefusedOccurrenceStillMakesTheOthers() {
    String kept = asset("kept");
    String gone = asset("gone");
    JsonObject good = daily("Oil the press", 0).copy();
    JsonObject bad = daily("Oil the lathe", 0).copy();
    for (Object[] pair : new Object[][] {{good, kept}, {bad, gone}}) {
      JsonObject schedule = (JsonObject) pair[0];
      String path = SCHEDULES + "/" + schedule.getString("id");
      Http.Response moved =
          http.patch(path)
              .token(admin)
              .header("If-Match", http.get(path).token(admin).send().header("ETag"))
              .json(new JsonObject().put("asset_id", (String) pair[1]))
              .send();
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }
    Http.Response deleted = http.delete("/api/v1/assets/" + gone).token(admin).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    clock.advance(Duration.ofDays(1));
    PmServers.generate(server);
    assertThat(workOrders(good)).isPositive();
    assertThat(workOrders(bad)).isZero();
    assertThat(occurrences(bad, "skipped")).isPositive();
    // Deleted, so that the other tests' rounds do not meet its refused occurrences every day.
    for (JsonObject schedule : List.of(good, bad)) {
      String path = SCHEDULES + "/" + schedule.getString("id");
      Http.Response removed =
          http.delete(path)
              .token(admin)
              .header("If-Match", http.get(path).token(admin).send().header("ETag"))
              .send();
      assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    }
  }

  private String asset(String name) {
    Http.Response made =
        http.post("/api/v1/assets").token(admin).json(new JsonObject().put("name", name)).send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json().getString("id");
  }
}
