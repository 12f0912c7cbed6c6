package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batches of readings: 1 to 1000 a call, all or nothing, idempotent by key, in any order of {@code
 * taken_at}, and a counter's usage across resets and late readings.
 */
class MeterReadingApiTest extends MeterApiTestBase {

  private static List<String> values(List<JsonObject> readings) {
    return readings.stream().map(r -> r.getString("value")).toList();
  }

  private static List<String> usages(List<JsonObject> readings) {
    return readings.stream().map(r -> r.getString("usage")).toList();
  }

  @Test
  void aTechnicianPostsABatchAndTheMeterShowsItsLatestReading() {
    String technician = server.createUser("technician").token();
    String id = counter();
    Http.Response response =
        post(technician, id, batch(reading("1528", T0.plusHours(8)), reading("1520.5", T0)));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.header("Location")).isEqualTo(METERS + "/" + id + "/readings");
    JsonObject answer = response.json();
    assertThat(answer.getInteger("accepted")).isEqualTo(2);
    assertThat(answer.getInteger("ignored")).isZero();
    assertThat(answer.getJsonObject("last_reading"))
        .isEqualTo(new JsonObject().put("value", "1528").put("taken_at", "2026-12-01T08:00:00Z"));
    JsonObject meter = http.get(METERS + "/" + id).token(technician).send().json();
    assertThat(meter.getJsonObject("last_reading")).isEqualTo(answer.getJsonObject("last_reading"));
    assertThat(meter.getInteger("version")).isEqualTo(2);
    List<JsonObject> readings = allReadings(id);
    assertThat(values(readings)).containsExactly("1520.5", "1528");
    assertThat(usages(readings)).containsExactly("0", "7.5");
  }

  @Test
  void aThousandReadingsGoInOneCallAndAThousandAndOneAreRefusedWhole() {
    String id = counter();
    assertThat(posted(id, rising(T0, 0, 2, 1000)).getInteger("accepted")).isEqualTo(1000);
    Http.Response tooMany = post(admin, id, rising(T0.plusDays(10), 5000, 1, 1001));
    assertProblem(tooMany, 400, "/problems/validation");
    Http.Response none = post(admin, id, new JsonObject().put("readings", new JsonArray()));
    assertProblem(none, 400, "/problems/validation");
    List<JsonObject> readings = allReadings(id);
    assertThat(readings).hasSize(1000);
    assertThat(readings.get(999).getString("usage")).isEqualTo("1998");
  }

  @Test
  void aBadReadingRefusesTheWholeBatch() {
    String id = gauge();
    for (String bad : List.of("1e5", "12,5", "NaN", "", "1.1234567")) {
      Http.Response refused =
          post(admin, id, batch(reading("1", T0), reading(bad, T0.plusMinutes(1))));
      assertProblem(refused, 400, "/problems/validation");
    }
    Http.Response sameInstant =
        post(admin, id, batch(reading("1", T0), reading("2", T0), reading("3", T0.plusHours(1))));
    assertProblem(sameInstant, 422, "/problems/unprocessable", "/readings/1/taken_at");
    Http.Response unknownField =
        post(
            admin,
            id,
            new JsonObject()
                .put("readings", new JsonArray().add(reading("1", T0).put("unit", "h"))));
    assertProblem(unknownField, 400, "/problems/validation");
    assertThat(allReadings(id)).isEmpty();
    assertThat(http.get(METERS + "/" + id).token(admin).send().json().getValue("last_reading"))
        .isNull();
  }

  @Test
  void aBatchSentAgainWithItsKeyIsReplayedAndWritesNothing() {
    String id = counter();
    JsonObject body = rising(T0, 100, 10, 50);
    Http.Response first =
        http.post(METERS + "/" + id + "/readings")
            .token(admin)
            .header("Idempotency-Key", "batch-1")
            .json(body)
            .send();
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    Http.Response again =
        http.post(METERS + "/" + id + "/readings")
            .token(admin)
            .header("Idempotency-Key", "batch-1")
            .json(body)
            .send();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json()).isEqualTo(first.json());
    Http.Response otherBody =
        http.post(METERS + "/" + id + "/readings")
            .token(admin)
            .header("Idempotency-Key", "batch-1")
            .json(rising(T0.plusDays(1), 100, 10, 50))
            .send();
    assertProblem(otherBody, 422, "/problems/idempotency-key-reused");
    assertThat(allReadings(id)).hasSize(50);
    assertThat(http.get(METERS + "/" + id).token(admin).send().json().getInteger("version"))
        .isEqualTo(2);
    // Without a key, the same readings again are ignored: same instants.
    JsonObject resent = posted(id, body);
    assertThat(resent.getInteger("accepted")).isZero();
    assertThat(resent.getInteger("ignored")).isEqualTo(50);
    assertThat(allReadings(id)).hasSize(50);
  }

  @Test
  void readingsArriveInAnyOrderAndAreListedByTakenAt() {
    String id = counter();
    posted(id, batch(reading("300", T0.plusHours(3)), reading("400", T0.plusHours(4))));
    JsonObject late =
        posted(id, batch(reading("100", T0.plusHours(1)), reading("200", T0.plusHours(2))));
    // The latest reading stays the newest by taken_at, not the last posted.
    assertThat(late.getJsonObject("last_reading").getString("value")).isEqualTo("400");
    List<JsonObject> readings = allReadings(id);
    assertThat(values(readings)).containsExactly("100", "200", "300", "400");
    assertThat(usages(readings)).containsExactly("0", "100", "200", "300");
    Http.Response newestFirst =
        http.get(METERS + "/" + id + "/readings?sort=-taken_at&limit=3").token(admin).send();
    assertThat(values(newestFirst.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly("400", "300", "200");
    Http.Response window =
        http.get(
                METERS
                    + "/"
                    + id
                    + "/readings?from="
                    + iso(T0.plusHours(2))
                    + "&to="
                    + iso(T0.plusHours(4)))
            .token(admin)
            .send();
    assertThat(window.status()).as(window.toString()).isEqualTo(200);
    assertThat(values(window.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly("200", "300");
  }

  @Test
  void aCounterResetAddsNoUsageAndALateReadingRecomputesTheUsageAfterIt() {
    String id = counter();
    posted(
        id,
        batch(
            reading("1000", T0),
            reading("1200", T0.plusHours(1)),
            reading("50", T0.plusHours(2)),
            reading("80", T0.plusHours(3))));
    assertThat(usages(allReadings(id))).containsExactly("0", "200", "200", "230");
    // A reading between the reset and the next: 10 after the reset, 70 before the 80.
    posted(id, batch(reading("60", T0.plusMinutes(150))));
    assertThat(usages(allReadings(id))).containsExactly("0", "200", "200", "210", "230");
    // A late reset before them all moves the base of everything after it.
    posted(id, batch(reading("900", T0.plusMinutes(30))));
    assertThat(usages(allReadings(id))).containsExactly("0", "0", "300", "300", "310", "330");
    assertThat(http.get(METERS + "/" + id).token(admin).send().json().getJsonObject("last_reading"))
        .isEqualTo(new JsonObject().put("value", "80").put("taken_at", "2026-12-01T03:00:00Z"));
  }

  @Test
  void aGaugeHasNoUsage() {
    String id = gauge();
    posted(id, batch(reading("-3.5", T0), reading("21.25", T0.plusHours(1))));
    List<JsonObject> readings = allReadings(id);
    assertThat(values(readings)).containsExactly("-3.5", "21.25");
    assertThat(readings).allSatisfy(r -> assertThat(r.getValue("usage")).isNull());
  }

  @Test
  void concurrentBatchesOfOneMeterInAnyOrderEndWithTheUsageOfAllReadingsInOrder() {
    String id = counter();
    // Ten batches of 100, sent at once and in reverse: each meets the meter's row lock in some
    // order, most of them late; a reset (the value falls back) sits inside batch 4.
    List<io.vertx.core.Future<Http.Response>> sent = new java.util.ArrayList<>();
    List<java.math.BigDecimal> values = new java.util.ArrayList<>();
    for (int b = 0; b < 10; b++) {
      JsonArray readings = new JsonArray();
      for (int i = 0; i < 100; i++) {
        int n = b * 100 + i;
        int value = n < 450 ? n * 3 : (n - 450) * 2;
        values.add(java.math.BigDecimal.valueOf(value));
        readings.add(reading(String.valueOf(value), T0.plusMinutes(n)));
      }
      sent.add(
          0,
          http.post(METERS + "/" + id + "/readings")
              .token(admin)
              .json(new JsonObject().put("readings", readings))
              .sendAsync());
    }
    for (io.vertx.core.Future<Http.Response> response : sent) {
      assertThat(Http.await(response).status()).isEqualTo(201);
    }
    List<String> expected =
        dev.wrench.pm.ReadingRules.usages(null, null, values).stream()
            .map(java.math.BigDecimal::toPlainString)
            .toList();
    assertThat(usages(allReadings(id))).containsExactlyElementsOf(expected);
    assertThat(http.get(METERS + "/" + id).token(admin).send().json().getJsonObject("last_reading"))
        .isEqualTo(new JsonObject().put("value", "1098").put("taken_at", iso(T0.plusMinutes(999))));
  }
}
