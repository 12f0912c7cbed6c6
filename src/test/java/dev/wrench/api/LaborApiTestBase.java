package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A running Wrench for the labor and cost tests, and the calls they share. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaborApiTestBase {

  WrenchServer server;
  Http http;
  String admin;
  String manager;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    manager = server.createUser("manager").token();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String iso(OffsetDateTime time) {
    return time.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  static OffsetDateTime minutesAgo(long minutes) {
    return OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(minutes);
  }

  /** A technician user with a technician record of {@code rate} per hour (and {@code team}). */
  WrenchServer.Technician technician(String rate, String teamId) {
    WrenchServer.User user = server.createUser("technician");
    JsonObject body =
        new JsonObject()
            .put("name", "Tech " + user.email())
            .put("user_id", user.id())
            .put("hourly_rate", rate);
    if (teamId != null) {
      body.put("team_id", teamId);
    }
    Http.Response made = http.post("/api/v1/technicians").token(admin).json(body).send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return new WrenchServer.Technician(user, made.json().getString("id"));
  }

  String team(String token) {
    Http.Response made =
        http.post("/api/v1/teams")
            .token(token)
            .json(new JsonObject().put("name", "team " + UUID.randomUUID()))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json().getString("id");
  }

  JsonObject workOrderFor(WrenchServer.Technician assignee) {
    JsonObject body = new JsonObject().put("title", "job " + UUID.randomUUID());
    if (assignee != null) {
      body.put("assignee_id", assignee.technicianId());
    }
    return WorkOrders.create(http, admin, body);
  }

  static String entries(JsonObject workOrder) {
    return WorkOrders.PATH + "/" + workOrder.getString("id") + "/time-entries";
  }

  static String costLines(JsonObject workOrder) {
    return WorkOrders.PATH + "/" + workOrder.getString("id") + "/costs";
  }

  Http.Response log(String token, JsonObject workOrder, JsonObject body) {
    return http.post(entries(workOrder)).token(token).json(body).send();
  }

  static JsonObject manual(OffsetDateTime startedAt, int minutes) {
    return new JsonObject().put("started_at", iso(startedAt)).put("minutes", minutes);
  }

  JsonObject logged(String token, JsonObject workOrder, JsonObject body) {
    Http.Response response = log(token, workOrder, body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  Http.Response stop(String token, JsonObject workOrder, String entryId) {
    return http.post(entries(workOrder) + "/" + entryId + "/stop")
        .token(token)
        .json(new JsonObject())
        .send();
  }

  /** The work order as a client reads it (through the cache). */
  JsonObject read(JsonObject workOrder) {
    Http.Response response =
        http.get(WorkOrders.PATH + "/" + workOrder.getString("id")).token(admin).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  JsonObject costs(JsonObject workOrder) {
    return read(workOrder).getJsonObject("costs");
  }

  /** The admin of a new organization, and their token. */
  String otherTenantAdmin() {
    String email = "first-" + UUID.randomUUID().toString().substring(0, 8) + "@tenant.test";
    String password = "a-long-passphrase-42";
    Http.Response org =
        http.post("/api/v1/organizations")
            .token(admin)
            .json(
                new JsonObject()
                    .put("name", "Other " + email)
                    .put(
                        "admin",
                        new JsonObject()
                            .put("email", email)
                            .put("name", "First")
                            .put("password", password)))
            .send();
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    return Tokens.login(http, email, password);
  }
}
