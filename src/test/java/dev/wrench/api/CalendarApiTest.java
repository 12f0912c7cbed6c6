package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.bus.BusClient;
import dev.wrench.calendar.CalendarService;
import dev.wrench.core.Actor;
import dev.wrench.support.Http;
import dev.wrench.support.Organizations;
import dev.wrench.support.WrenchServer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Organization settings and site calendar overrides through HTTP, and the effective calendar that
 * {@link CalendarService} answers over the bus (issue 19).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalendarApiTest {

  private static final String SETTINGS = "/api/v1/organization/settings";

  private WrenchServer server;
  private Http http;
  private String admin;
  private CalendarService calendars;
  private Actor adminActor;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    calendars =
        BusClient.of(server.vertx().eventBus(), CalendarService.class, new DeliveryOptions());
    WrenchServer.User user = server.createUser("admin");
    adminActor = new Actor(UUID.fromString(user.id()), WrenchServer.DEFAULT_ORG, "admin");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Http.Response patchSettings(String token, String ifMatch, JsonObject body) {
    Http.Call call = http.patch(SETTINGS).token(token);
    if (ifMatch != null) {
      call.header("If-Match", ifMatch);
    }
    return call.json(body).send();
  }

  private int settingsVersion() {
    return http.get(SETTINGS).token(admin).send().json().getInteger("version");
  }

  @Test
  void anotherOrganizationHasTheDefaultsAndItsOwnSettings() {
    String other = Organizations.newAdmin(http, admin);
    Http.Response defaults = http.get(SETTINGS).token(other).send();
    assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
    assertThat(defaults.header("ETag")).isEqualTo("\"0\"");
    assertThat(defaults.json())
        .isEqualTo(
            new JsonObject()
                .put("time_zone", "UTC")
                .put("currency", "USD")
                .put(
                    "working_days",
                    new JsonArray().add("mon").add("tue").add("wed").add("thu").add("fri"))
                .put("holidays", new JsonArray())
                .put("features", new JsonObject())
                .put("version", 0)
                .putNull("created_at")
                .putNull("updated_at"));
    Http.Response changed =
        patchSettings(other, "\"0\"", new JsonObject().put("time_zone", "Asia/Tokyo"));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getInteger("version")).isEqualTo(1);
    assertThat(changed.header("ETag")).isEqualTo("\"1\"");
    // Ours did not move.
    assertThat(http.get(SETTINGS).token(admin).send().json().getString("time_zone"))
        .isNotEqualTo("Asia/Tokyo");
  }

  @Test
  void anAdminChangesTheSettingsWithIfMatch() {
    int version = settingsVersion();
    Http.Response missing = patchSettings(admin, null, new JsonObject().put("currency", "EUR"));
    assertProblem(missing, 428, "/problems/precondition-required");
    Http.Response stale =
        patchSettings(admin, "\"" + (version + 5) + "\"", new JsonObject().put("currency", "EUR"));
    assertProblem(stale, 412, "/problems/precondition-failed");

    Http.Response changed =
        patchSettings(
            admin,
            "\"" + version + "\"",
            new JsonObject()
                .put("currency", "EUR")
                .put("working_days", new JsonArray().add("sat").add("mon").add("tue"))
                .put(
                    "holidays",
                    new JsonArray().add("2026-12-26").add("2026-12-25").add("2026-12-25"))
                .put("features", new JsonObject().put("inventory", true).put("meters", false)));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    JsonObject settings = changed.json();
    assertThat(settings.getString("currency")).isEqualTo("EUR");
    assertThat(settings.getJsonArray("working_days"))
        .as("in week order")
        .isEqualTo(new JsonArray().add("mon").add("tue").add("sat"));
    assertThat(settings.getJsonArray("holidays"))
        .as("each once, in order")
        .isEqualTo(new JsonArray().add("2026-12-25").add("2026-12-26"));
    assertThat(settings.getInteger("version")).isEqualTo(version + 1);

    // features merge key by key; null removes one.
    Http.Response merged =
        patchSettings(
            admin,
            "\"" + (version + 1) + "\"",
            new JsonObject()
                .put("features", new JsonObject().putNull("meters").put("checklists", true)));
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    assertThat(merged.json().getJsonObject("features"))
        .isEqualTo(new JsonObject().put("inventory", true).put("checklists", true));
    assertThat(http.get(SETTINGS).token(admin).send().json()).isEqualTo(merged.json());
  }

  @Test
  void invalidSettingsAre400AndChangeNothing() {
    int version = settingsVersion();
    String ifMatch = "\"" + version + "\"";
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("time_zone", "Mars/Olympus"),
          new JsonObject().put("time_zone", "+02:00"),
          new JsonObject().put("currency", "XYZ"),
          new JsonObject().put("currency", "eur"),
          new JsonObject().put("working_days", new JsonArray()),
          new JsonObject().put("working_days", new JsonArray().add("monday")),
          new JsonObject().put("holidays", new JsonArray().add("2026-02-30")),
          new JsonObject().put("features", new JsonObject().put("inventory", "yes")),
          new JsonObject().put("version", 3)
        }) {
      Http.Response refused = patchSettings(admin, ifMatch, bad);
      assertProblem(refused, 400, "/problems/validation");
      assertThat(pointers(refused)).as(bad.encode()).isNotEmpty();
    }
    assertThat(settingsVersion()).isEqualTo(version);
  }

  @Test
  void onlyAdminsSeeOrChangeTheSettings() {
    for (String role : new String[] {"manager", "technician", "requester"}) {
      String token = server.createUser(role).token();
      assertProblem(http.get(SETTINGS).token(token).send(), 403, "/problems/forbidden");
      assertProblem(
          patchSettings(token, "\"0\"", new JsonObject().put("currency", "GBP")),
          403,
          "/problems/forbidden");
    }
  }

  @Test
  void aSiteOverridesTheOrganizationsCalendarFieldByField() {
    int version = settingsVersion();
    assertThat(
            patchSettings(
                    admin,
                    "\"" + version + "\"",
                    new JsonObject()
                        .put("time_zone", "Europe/Berlin")
                        .put(
                            "working_days",
                            new JsonArray().add("mon").add("tue").add("wed").add("thu").add("fri"))
                        .put("holidays", new JsonArray().add("2026-12-25")))
                .status())
        .isEqualTo(200);
    Http.Response site =
        http.post("/api/v1/sites")
            .token(admin)
            .json(
                new JsonObject()
                    .put("name", "New York plant")
                    .put("time_zone", "America/New_York")
                    .put("working_days", new JsonArray().add("tue").add("mon")))
            .send();
    assertThat(site.status()).as(site.toString()).isEqualTo(201);
    assertThat(site.json().getString("time_zone")).isEqualTo("America/New_York");
    assertThat(site.json().getJsonArray("working_days"))
        .isEqualTo(new JsonArray().add("mon").add("tue"));
    assertThat(site.json().getValue("holidays")).isNull();
    String siteId = site.json().getString("id");

    JsonObject effective = Http.await(calendars.calendar(adminActor, siteId));
    assertThat(effective)
        .isEqualTo(
            new JsonObject()
                .put("time_zone", "America/New_York")
                .put("working_days", new JsonArray().add("mon").add("tue"))
                .put("holidays", new JsonArray().add("2026-12-25")));
    JsonObject organization = Http.await(calendars.calendar(adminActor, null));
    assertThat(organization.getString("time_zone")).isEqualTo("Europe/Berlin");
    assertThat(organization.getJsonArray("working_days")).hasSize(5);

    // Clearing an override falls back to the organization's.
    Http.Response cleared =
        http.patch("/api/v1/sites/" + siteId)
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().putNull("time_zone").put("holidays", new JsonArray()))
            .send();
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    assertThat(cleared.json().getValue("time_zone")).isNull();
    JsonObject after = Http.await(calendars.calendar(adminActor, siteId));
    assertThat(after.getString("time_zone")).isEqualTo("Europe/Berlin");
    assertThat(after.getJsonArray("holidays")).as("an empty list overrides too").isEmpty();

    Http.Response badZone =
        http.patch("/api/v1/sites/" + siteId)
            .token(admin)
            .header("If-Match", "\"2\"")
            .json(new JsonObject().put("time_zone", "Nowhere/Special"))
            .send();
    assertProblem(badZone, 400, "/problems/validation");
    assertThat(pointers(badZone)).containsExactly("/time_zone");
  }

  @Test
  void theCalendarOfAnUnknownOrForeignSiteIs404() {
    Throwable unknown =
        calendars
            .calendar(adminActor, UUID.randomUUID().toString())
            .toCompletionStage()
            .handle((ok, e) -> e)
            .toCompletableFuture()
            .join();
    assertThat(unknown).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) unknown).failureCode()).isEqualTo(404);

    String other = Organizations.newAdmin(http, admin);
    Http.Response theirs =
        http.post("/api/v1/sites").token(other).json(new JsonObject().put("name", "Theirs")).send();
    assertThat(theirs.status()).isEqualTo(201);
    Throwable foreign =
        calendars
            .calendar(adminActor, theirs.json().getString("id"))
            .toCompletionStage()
            .handle((ok, e) -> e)
            .toCompletableFuture()
            .join();
    assertThat(((ReplyException) foreign).failureCode()).isEqualTo(404);
  }
}
