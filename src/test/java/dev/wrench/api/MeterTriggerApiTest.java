package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Meter triggers of preventive maintenance, evaluated by the batches of readings in their
 * transaction: a counter's multiples of {@code every}, one occurrence each and never a burst, and a
 * gauge's crossings with re-arming. The occurrences are counted in {@code pm_occurrences}, and the
 * generator (woken by the batch) makes exactly one work order of each.
 */
class MeterTriggerApiTest extends MeterApiTestBase {

  /** After the schedules are made (their creation is when counting starts). */
  private static final OffsetDateTime LATER =
      OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusHours(1);

  /** A meter-triggered schedule, made through the API. */
  private String schedule(String meterId, String bound, String value, boolean paused) {
    JsonObject trigger =
        new JsonObject().put("type", "meter").put("meter_id", meterId).put(bound, value);
    Http.Response made =
        http.post("/api/v1/pm-schedules")
            .token(admin)
            .json(
                new JsonObject()
                    .put("title", "Service after " + bound + " " + value)
                    .put("trigger", trigger)
                    .put("paused", paused))
            .send();
    return created(made);
  }

  private void pause(String scheduleId, boolean paused) {
    String path = "/api/v1/pm-schedules/" + scheduleId;
    Http.Response current = http.get(path).token(admin).send();
    Http.Response changed =
        http.patch(path)
            .token(admin)
            .header("If-Match", current.header("ETag"))
            .json(new JsonObject().put("paused", paused))
            .send();
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
  }

  /** How many rows {@code sql} (with one parameter, the schedule) counts. */
  private long count(String sql, String scheduleId) {
    try (Connection db = server.database().connect();
        PreparedStatement select = db.prepareStatement(sql)) {
      select.setString(1, scheduleId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the generator has made a work order of each occurrence of the schedule. */
  private void awaitWorkOrders(String scheduleId, int expected) {
    org.awaitility.Awaitility.await("work orders of " + scheduleId)
        .atMost(java.time.Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            "SELECT count(*) FROM pm_occurrences WHERE schedule_id = ?::uuid"
                                + " AND status = 'generated'",
                            scheduleId))
                    .isEqualTo(expected));
    // One work order per occurrence, never two.
    assertThat(
            count(
                "SELECT count(*) FROM work_orders WHERE pm_schedule_id = ?::uuid"
                    + " AND deleted_at IS NULL",
                scheduleId))
        .isEqualTo(expected);
  }

  /** The occurrences recorded for the schedule, oldest first. */
  private List<OffsetDateTime> occurrences(String scheduleId) {
    List<OffsetDateTime> times = new ArrayList<>();
    try (Connection sql = server.database().connect();
        PreparedStatement select =
            sql.prepareStatement(
                "SELECT occurrence_at FROM pm_occurrences WHERE schedule_id = ?::uuid"
                    + " ORDER BY occurrence_at")) {
      select.setString(1, scheduleId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          times.add(rows.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return times;
  }

  private static int occurrencesIn(JsonObject answer) {
    return answer.getJsonArray("occurrences").size();
  }

  @Test
  void tenThousandReadingsInBatchesOfAThousandCrossEveryMultipleExactlyOnce() {
    String meter = counter();
    String every500 = schedule(meter, "every", "500", false);
    String every1000 = schedule(meter, "every", "1000", false);
    int answered = 0;
    // Usage 7 a minute: 69,993 at the last reading, so 139 multiples of 500 and 69 of 1,000.
    for (int b = 0; b < 10; b++) {
      answered +=
          occurrencesIn(posted(meter, rising(LATER.plusMinutes(1000L * b), 7000L * b, 7, 1000)));
    }
    assertThat(answered).isEqualTo(139 + 69);
    List<OffsetDateTime> expected = new ArrayList<>();
    for (int k = 1; k <= 139; k++) {
      // The first reading whose usage reaches 500 k: minute ceil(500 k / 7).
      expected.add(LATER.plusMinutes((500L * k + 6) / 7));
    }
    assertThat(occurrences(every500)).containsExactlyElementsOf(expected);
    assertThat(occurrences(every1000)).hasSize(69);
    awaitWorkOrders(every500, 139);
    awaitWorkOrders(every1000, 69);
  }

  @Test
  void aResetMakesNoBurstAndAJumpMakesOneOccurrence() {
    String meter = counter();
    String schedule = schedule(meter, "every", "500", false);
    // 0 to 4,900: 9 multiples.
    JsonObject first = posted(meter, rising(LATER, 0, 100, 50));
    assertThat(occurrencesIn(first)).isEqualTo(9);
    // The meter is replaced: back to 0, then 0 to 1,000 again. Usage goes on from 4,900, so 5,000
    // (at 100) and 5,500 (at 600) are passed: two, not a burst of ten.
    JsonObject reset = posted(meter, rising(LATER.plusHours(2), 0, 100, 11));
    assertThat(occurrencesIn(reset)).isEqualTo(2);
    // One reading that adds 2,600 (5,900 to 8,500) passes 6,000 to 8,500 at once: one occurrence.
    JsonObject jump = posted(meter, batch(reading("3600", LATER.plusHours(3))));
    assertThat(occurrencesIn(jump)).isEqualTo(1);
    // And the next multiple is 9,000, not one of those jumped over.
    assertThat(occurrencesIn(posted(meter, batch(reading("4099", LATER.plusHours(4)))))).isZero();
    assertThat(occurrencesIn(posted(meter, batch(reading("4100", LATER.plusHours(5)))))).isOne();
    assertThat(occurrences(schedule)).hasSize(9 + 2 + 1 + 1);
    awaitWorkOrders(schedule, 9 + 2 + 1 + 1);
  }

  @Test
  void aGaugeFiresOncePerCrossingAndReArmsOnTheSafeSide() {
    String meter = gauge();
    String above = schedule(meter, "above", "90", false);
    String below = schedule(meter, "below", "10", false);
    JsonObject answer =
        posted(
            meter,
            batch(
                reading("80", LATER.plusMinutes(1)),
                reading("95", LATER.plusMinutes(2)),
                reading("99", LATER.plusMinutes(3)),
                reading("90", LATER.plusMinutes(4)),
                reading("91", LATER.plusMinutes(5)),
                reading("9.5", LATER.plusMinutes(6))));
    assertThat(occurrencesIn(answer)).isEqualTo(3);
    assertThat(occurrences(above)).containsExactly(LATER.plusMinutes(2), LATER.plusMinutes(5));
    assertThat(occurrences(below)).containsExactly(LATER.plusMinutes(6));
    // Still below in the next batch: not armed, nothing more.
    assertThat(occurrencesIn(posted(meter, batch(reading("5", LATER.plusMinutes(7)))))).isZero();
    JsonArray occurrences = answer.getJsonArray("occurrences");
    assertThat(occurrences.getJsonObject(0).getString("occurrence_at")).isNotNull();
  }

  @Test
  void aPausedScheduleMakesNothingAndResumingDoesNotBackFill() {
    String meter = counter();
    String schedule = schedule(meter, "every", "100", true);
    assertThat(occurrencesIn(posted(meter, rising(LATER, 0, 50, 10)))).isZero();
    pause(schedule, false);
    // 450 was reached while paused; the next multiple is 500.
    assertThat(occurrencesIn(posted(meter, batch(reading("499", LATER.plusHours(1)))))).isZero();
    assertThat(occurrencesIn(posted(meter, batch(reading("500", LATER.plusHours(2)))))).isOne();
    assertThat(occurrences(schedule)).containsExactly(LATER.plusHours(2));
    awaitWorkOrders(schedule, 1);
  }

  @Test
  void aLateReadingIsNeverBackdatedAndReadingsBeforeTheScheduleDoNotCount() {
    String meter = counter();
    // Readings from before the schedule: its counting starts at the last of them (1,000).
    posted(meter, rising(T0, 0, 100, 11));
    String schedule = schedule(meter, "every", "500", false);
    assertThat(occurrencesIn(posted(meter, batch(reading("1400", LATER))))).isZero();
    assertThat(occurrencesIn(posted(meter, batch(reading("1500", LATER.plusHours(2)))))).isOne();
    // A late reading between them is stored, but no occurrence is dated before the newest one.
    JsonObject late = posted(meter, batch(reading("1450", LATER.plusHours(1))));
    assertThat(late.getInteger("accepted")).isOne();
    assertThat(occurrencesIn(late)).isZero();
    assertThat(occurrences(schedule)).containsExactly(LATER.plusHours(2));
  }

  @Test
  void aChangedTriggerStartsCountingAnewFromTheChange() {
    String meter = counter();
    String schedule = schedule(meter, "every", "500", false);
    assertThat(occurrencesIn(posted(meter, rising(LATER, 0, 100, 5)))).isZero();
    // every 500 becomes every 1,000 at usage 400: the next one is at 1,400, not at 1,000.
    String path = "/api/v1/pm-schedules/" + schedule;
    Http.Response changed =
        http.patch(path)
            .token(admin)
            .header("If-Match", http.get(path).token(admin).send().header("ETag"))
            .json(new JsonObject().put("trigger", new JsonObject().put("every", "1000")))
            .send();
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(occurrencesIn(posted(meter, batch(reading("1399", LATER.plusHours(1)))))).isZero();
    assertThat(occurrencesIn(posted(meter, batch(reading("1400", LATER.plusHours(2)))))).isOne();
    assertThat(occurrences(schedule)).containsExactly(LATER.plusHours(2));
  }

  /** The meter must exist, be this organization's, and be of the kind the bound takes. */
  @Test
  void aTriggerOnNoMeterOrOnTheWrongKindIsRefusedAndNothingIsMade() {
    String counter = counter();
    String gauge = gauge();
    String other = otherTenantAdmin();
    String theirAsset =
        created(
            http.post("/api/v1/assets")
                .token(other)
                .json(new JsonObject().put("name", "their pump"))
                .send());
    String foreign =
        created(
            http.post(METERS)
                .token(other)
                .json(
                    new JsonObject()
                        .put("asset_id", theirAsset)
                        .put("name", "their meter")
                        .put("unit", "h")
                        .put("kind", "counter"))
                .send());
    String everySchedule = "SELECT count(*) FROM pm_schedules WHERE title = ?";
    long before = count(everySchedule, "Refused");
    for (String[] bad :
        new String[][] {
          {java.util.UUID.randomUUID().toString(), "every", "500", "/trigger/meter_id"},
          {foreign, "every", "500", "/trigger/meter_id"},
          {gauge, "every", "500", "/trigger"},
          {counter, "above", "90", "/trigger"},
          {counter, "below", "10", "/trigger"},
        }) {
      JsonObject trigger =
          new JsonObject().put("type", "meter").put("meter_id", bad[0]).put(bad[1], bad[2]);
      Http.Response refused =
          http.post("/api/v1/pm-schedules")
              .token(admin)
              .json(new JsonObject().put("title", "Refused").put("trigger", trigger))
              .send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
      assertThat(refused.body().toString()).contains(bad[3]);
    }
    assertThat(count(everySchedule, "Refused")).isEqualTo(before).isZero();
    // A valid schedule cannot be moved onto the wrong kind either.
    String schedule = schedule(counter, "every", "500", false);
    String path = "/api/v1/pm-schedules/" + schedule;
    Http.Response moved =
        http.patch(path)
            .token(admin)
            .header("If-Match", http.get(path).token(admin).send().header("ETag"))
            .json(new JsonObject().put("trigger", new JsonObject().put("meter_id", gauge)))
            .send();
    assertThat(moved.status()).as(moved.toString()).isEqualTo(422);
  }
}
