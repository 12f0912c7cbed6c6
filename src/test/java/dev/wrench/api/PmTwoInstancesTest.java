package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.pm.PmGenerator;
import dev.wrench.support.Http;
import dev.wrench.support.MovableClock;
import dev.wrench.support.PmServers;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances of Wrench on one database, their generators racing on one moved clock: every
 * occurrence gets exactly one work order, none is missing, and an instance killed in the middle of
 * a round loses nothing (its claims run out and the other instance finishes them).
 */
class PmTwoInstancesTest {

  private static final String SCHEDULES = PmScheduleApiTest.SCHEDULES;

  private static JsonObject daily(String title, int leadDays, Instant start) {
    return new JsonObject()
        .put("title", title)
        .put("lead_time_days", leadDays)
        .put(
            "trigger",
            new JsonObject()
                .put("type", "calendar")
                .put("rrule", "FREQ=DAILY")
                .put("start", start.toString().substring(0, 10) + "T08:00:00")
                .put("time_zone", "Europe/Berlin"));
  }

  private static String create(Http http, String token, JsonObject body) {
    Http.Response response = http.post(SCHEDULES).token(token).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  private static Future<Message<JsonObject>> wake(WrenchServer server) {
    return server.vertx().eventBus().request(PmGenerator.WAKE, new JsonObject());
  }

  @Test
  void aYearOfADailyScheduleGeneratesEachDayOnceOnTwoInstances() {
    Instant start = Instant.parse("2027-01-04T05:00:00Z");
    MovableClock clock = new MovableClock(start);
    try (WrenchServer first = PmServers.start(clock);
        WrenchServer second = PmServers.another(first, clock)) {
      String admin = first.adminToken();
      String id = create(first.http(), admin, daily("Daily round", 2, start));
      for (int day = 1; day <= 365; day++) {
        clock.advance(Duration.ofDays(1));
        // Both generators at once, on the same due schedule.
        Http.await(Future.all(wake(first), wake(second)));
      }
      long workOrders =
          PmServers.count(
              first, "SELECT count(*) FROM work_orders WHERE pm_schedule_id = '" + id + "'");
      long distinct =
          PmServers.count(
              first,
              "SELECT count(DISTINCT occurrence_at) FROM work_orders WHERE pm_schedule_id = '"
                  + id
                  + "'");
      // 08:00 in Berlin from 4 January 2027 on, up to two days past the clock's last day (3 January
      // 2028, 05:00 UTC): 4 January 2027 to 5 January 2028, both included.
      assertThat(workOrders).isEqualTo(367);
      assertThat(distinct).isEqualTo(workOrders);
      assertThat(
              PmServers.count(
                  first,
                  "SELECT count(*) FROM pm_occurrences WHERE status <> 'generated' AND schedule_id = '"
                      + id
                      + "'"))
          .isZero();
      // None missing: one a day, from the first to the last.
      assertThat(
              PmServers.count(
                  first,
                  "SELECT count(DISTINCT (occurrence_at AT TIME ZONE 'Europe/Berlin')::date)"
                      + " FROM work_orders WHERE pm_schedule_id = '"
                      + id
                      + "'"))
          .isEqualTo(367);
    }
  }

  @Test
  void anInstanceKilledInTheMiddleOfARoundLosesNothing() {
    Instant start = Instant.parse("2027-01-04T05:00:00Z");
    MovableClock clock = new MovableClock(start);
    try (WrenchServer first = PmServers.start(clock)) {
      WrenchServer second = PmServers.another(first, clock);
      String admin = first.adminToken();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        ids.add(create(first.http(), admin, daily("Schedule " + i, 0, start)));
      }
      // A day later each schedule has one occurrence due (4 January, 08:00 in Berlin).
      clock.advance(Duration.ofDays(1));
      wake(second);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> PmServers.count(first, "SELECT count(*) FROM pm_occurrences") > 0);
      second.kill();

      // Its claims run out; the survivor takes them over.
      clock.advance(PmServers.lease().plusSeconds(1));
      PmServers.generate(first);
      assertThat(
              PmServers.count(first, "SELECT count(*) FROM work_orders WHERE type = 'preventive'"))
          .isEqualTo(120);
      assertThat(
              PmServers.count(
                  first,
                  "SELECT count(DISTINCT pm_schedule_id) FROM work_orders WHERE type = 'preventive'"))
          .isEqualTo(120);
      assertThat(
              PmServers.count(
                  first, "SELECT count(*) FROM pm_occurrences WHERE status = 'generated'"))
          .isEqualTo(120);
      assertThat(PmServers.count(first, "SELECT count(*) FROM pm_occurrences")).isEqualTo(120);
    }
  }
}
