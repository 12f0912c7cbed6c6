package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A running Wrench for the meter tests, and the calls they share. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MeterApiTestBase {

  static final String METERS = "/api/v1/meters";
  static final OffsetDateTime T0 = OffsetDateTime.parse("2026-12-01T00:00:00Z");

  WrenchServer server;
  Http http;
  String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String created(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  String asset(String siteId) {
    JsonObject body = new JsonObject().put("name", "pump " + UUID.randomUUID());
    if (siteId != null) {
      body.put("site_id", siteId);
    }
    return created(http.post("/api/v1/assets").token(admin).json(body).send());
  }

  JsonObject meter(String assetId, String kind) {
    Http.Response response =
        http.post(METERS)
            .token(admin)
            .json(
                new JsonObject()
                    .put("asset_id", assetId)
                    .put("name", kind + " meter")
                    .put("unit", "h")
                    .put("kind", kind))
            .send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  String counter() {
    return meter(asset(null), "counter").getString("id");
  }

  String gauge() {
    return meter(asset(null), "gauge").getString("id");
  }

  static JsonObject reading(String value, OffsetDateTime takenAt) {
    return new JsonObject().put("value", value).put("taken_at", iso(takenAt));
  }

  /** RFC 3339 with seconds ({@code OffsetDateTime#toString} drops zero seconds). */
  static String iso(OffsetDateTime time) {
    return time.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  static JsonObject batch(JsonObject... readings) {
    return new JsonObject().put("readings", new JsonArray(List.of((Object[]) readings)));
  }

  /** {@code count} readings one minute apart from {@code first}, rising by {@code step}. */
  static JsonObject rising(OffsetDateTime first, long startValue, long step, int count) {
    JsonArray readings = new JsonArray();
    for (int i = 0; i < count; i++) {
      readings.add(reading(String.valueOf(startValue + step * i), first.plusMinutes(i)));
    }
    return new JsonObject().put("readings", readings);
  }

  Http.Response post(String token, String meterId, JsonObject batch) {
    return http.post(METERS + "/" + meterId + "/readings").token(token).json(batch).send();
  }

  JsonObject posted(String meterId, JsonObject batch) {
    Http.Response response = post(admin, meterId, batch);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  /** Every reading of the meter, oldest first, following the cursors. */
  List<JsonObject> allReadings(String meterId) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    do {
      Http.Response page =
          http.get(
                  METERS
                      + "/"
                      + meterId
                      + "/readings?limit=100"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .token(admin)
              .send();
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.items().forEach(item -> all.add((JsonObject) item));
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    return all;
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
