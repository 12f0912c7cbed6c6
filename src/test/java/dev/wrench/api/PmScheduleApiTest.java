package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.MovableClock;
import dev.wrench.support.PmServers;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PM schedules through HTTP: create, read, list, change (If-Match), delete, the roles (admin and
 * manager only) and tenants (another organization's schedule is 404), the trigger's checks, and the
 * forecast of occurrences.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PmScheduleApiTest {

  static final String SCHEDULES = "/api/v1/pm-schedules";

  // Monday 7 December 2026, 06:00 UTC.
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

  static JsonObject weekly(String title) {
    return new JsonObject()
        .put("title", title)
        .put("priority", "high")
        // No lead time: the first (today 07:00 UTC) is not due yet at the clock's 06:00, so the
        // generator, woken by each create, leaves these schedules as they are.
        .put("lead_time_days", 0)
        .put(
            "trigger",
            new JsonObject()
                .put("type", "calendar")
                .put("rrule", "FREQ=WEEKLY;BYDAY=MO")
                .put("start", "2026-12-07T08:00:00")
                .put("time_zone", "Europe/Berlin"));
  }

  private JsonObject create(JsonObject body) {
    Http.Response response = http.post(SCHEDULES).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  @Test
  void aScheduleIsCreatedReadListedChangedAndDeleted() {
    JsonObject created = create(weekly("Inspect AHU-3 filters"));
    // 08:00 in Berlin is 07:00 UTC: the first Monday still ahead of the clock is today's.
    assertThat(created.getString("next_due_at")).isEqualTo("2026-12-07T07:00:00Z");
    assertThat(created.getBoolean("paused")).isFalse();
    String path = SCHEDULES + "/" + created.getString("id");

    Http.Response read = http.get(path).token(admin).send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("ETag")).isEqualTo("\"1\"");
    assertThat(http.get(SCHEDULES).token(admin).send().items().stream())
        .anyMatch(item -> ((JsonObject) item).getString("id").equals(created.getString("id")));

    assertThat(
            http.patch(path)
                .token(admin)
                .mergePatch(new JsonObject().put("title", "x"))
                .send()
                .status())
        .isEqualTo(428);
    Http.Response stale =
        http.patch(path)
            .token(admin)
            .header("If-Match", "\"7\"")
            .mergePatch(new JsonObject().put("title", "x"))
            .send();
    assertProblem(stale, 412, "/problems/precondition-failed");
    Http.Response changed =
        http.patch(path)
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(
                new JsonObject()
                    .put("title", "Inspect AHU-3 filters and belts")
                    .put("trigger", new JsonObject().put("rrule", "FREQ=WEEKLY;BYDAY=TU")))
            .send();
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getInteger("version")).isEqualTo(2);
    assertThat(changed.json().getJsonObject("trigger").getString("start"))
        .isEqualTo("2026-12-07T08:00:00");
    assertThat(changed.json().getString("next_due_at")).isEqualTo("2026-12-08T07:00:00Z");

    assertThat(http.delete(path).token(admin).send().status()).isEqualTo(204);
    assertThat(http.get(path).token(admin).send().status()).isEqualTo(404);
  }

  @Test
  void idempotencyKeyReplaysTheCreate() {
    String key = UUID.randomUUID().toString();
    Http.Response first =
        http.post(SCHEDULES)
            .token(admin)
            .header("Idempotency-Key", key)
            .json(weekly("Once"))
            .send();
    Http.Response again =
        http.post(SCHEDULES)
            .token(admin)
            .header("Idempotency-Key", key)
            .json(weekly("Once"))
            .send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    Http.Response other =
        http.post(SCHEDULES)
            .token(admin)
            .header("Idempotency-Key", key)
            .json(weekly("Twice"))
            .send();
    assertThat(other.status()).isEqualTo(422);
  }

  @Test
  void techniciansAndRequestersAreRefusedAndManagersAllowed() {
    String manager = server.createUser("manager").token();
    assertThat(http.post(SCHEDULES).token(manager).json(weekly("By a manager")).send().status())
        .isEqualTo(201);
    for (String role : new String[] {"technician", "requester"}) {
      String token = server.createUser(role).token();
      assertProblem(http.get(SCHEDULES).token(token).send(), 403, "/problems/forbidden");
      assertProblem(
          http.post(SCHEDULES).token(token).json(weekly("Not mine")).send(),
          403,
          "/problems/forbidden");
    }
  }

  @Test
  void anotherOrganizationsScheduleIsNotFound() {
    JsonObject mine = create(weekly("Ours"));
    String path = SCHEDULES + "/" + mine.getString("id");
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    String otherAdmin = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    assertThat(http.get(path).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(http.get(path + "/occurrences").token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(
            http.patch(path)
                .token(otherAdmin)
                .header("If-Match", "\"1\"")
                .mergePatch(new JsonObject().put("paused", true))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.delete(path).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(http.get(SCHEDULES).token(otherAdmin).send().items()).isEmpty();
    assertThat(http.get(path).token(admin).send().json().getInteger("version")).isEqualTo(1);
  }

  @Test
  void aBadRecurrenceRuleIs422WithTheReasonAndCreatesNothing() {
    long before = http.get(SCHEDULES + "?limit=100").token(admin).send().items().size();
    JsonObject body = weekly("Bad rule");
    body.getJsonObject("trigger").put("rrule", "FREQ=WEEKLY;BYDAY=XX");
    Http.Response refused = http.post(SCHEDULES).token(admin).json(body).send();
    assertProblem(refused, 422, "/problems/unprocessable");
    assertThat(refused.json().getString("detail")).contains("BYDAY=XX");
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/trigger/rrule");

    body.getJsonObject("trigger").put("rrule", "FREQ=WEEKLY").put("time_zone", "Mars/Olympus");
    assertProblem(
        http.post(SCHEDULES).token(admin).json(body).send(), 422, "/problems/unprocessable");
    body.getJsonObject("trigger").put("time_zone", "UTC").put("start", "next monday");
    assertProblem(
        http.post(SCHEDULES).token(admin).json(body).send(), 422, "/problems/unprocessable");
    assertThat(http.get(SCHEDULES + "?limit=100").token(admin).send().items())
        .hasSize((int) before);
  }

  @Test
  void anUnknownAssetIs422() {
    JsonObject body = weekly("Nothing to maintain").put("asset_id", UUID.randomUUID().toString());
    Http.Response refused = http.post(SCHEDULES).token(admin).json(body).send();
    assertProblem(refused, 422, "/problems/unprocessable");
  }

  @Test
  void theForecastListsPlannedOccurrencesAndRefusesLongWindows() {
    JsonObject created = create(weekly("Forecast"));
    String path = SCHEDULES + "/" + created.getString("id") + "/occurrences";
    Http.Response forecast =
        http.get(path + "?from=2026-12-07T00:00:00Z&to=2027-01-04T00:00:00Z").token(admin).send();
    assertThat(forecast.status()).as(forecast.toString()).isEqualTo(200);
    assertThat(
            forecast.items().stream().map(item -> ((JsonObject) item).getString("occurrence_at")))
        .containsExactly(
            "2026-12-07T07:00:00Z",
            "2026-12-14T07:00:00Z",
            "2026-12-21T07:00:00Z",
            "2026-12-28T07:00:00Z");
    assertThat(forecast.items().stream().map(item -> ((JsonObject) item).getString("status")))
        .containsOnly("planned");
    assertProblem(
        http.get(path + "?from=2026-12-07T00:00:00Z&to=2028-01-04T00:00:00Z").token(admin).send(),
        422,
        "/problems/unprocessable");
  }

  private String created(String path, JsonObject body) {
    Http.Response response = http.post(path).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  @Test
  void aManagerLimitedToSitesSeesAndSchedulesOnlyTheirs() {
    String north = created("/api/v1/sites", new JsonObject().put("name", "North"));
    String south = created("/api/v1/sites", new JsonObject().put("name", "South"));
    String northPump =
        created("/api/v1/assets", new JsonObject().put("name", "north pump").put("site_id", north));
    String southPump =
        created("/api/v1/assets", new JsonObject().put("name", "south pump").put("site_id", south));
    JsonObject northSchedule = create(weekly("North pump").put("asset_id", northPump));
    assertThat(northSchedule.getString("site_id")).isEqualTo(north);
    String southManager = server.createUser("manager", java.util.List.of(south)).token();

    assertThat(
            http.get(SCHEDULES + "/" + northSchedule.getString("id"))
                .token(southManager)
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.get(SCHEDULES + "?limit=100").token(southManager).send().items().stream())
        .noneMatch(
            item -> ((JsonObject) item).getString("id").equals(northSchedule.getString("id")));
    assertProblem(
        http.post(SCHEDULES)
            .token(southManager)
            .json(weekly("Not theirs").put("asset_id", northPump))
            .send(),
        422,
        "/problems/unprocessable");
    Http.Response theirs =
        http.post(SCHEDULES)
            .token(southManager)
            .json(weekly("Theirs").put("asset_id", southPump))
            .send();
    assertThat(theirs.status()).as(theirs.toString()).isEqualTo(201);
    assertThat(theirs.json().getString("site_id")).isEqualTo(south);
  }
}
