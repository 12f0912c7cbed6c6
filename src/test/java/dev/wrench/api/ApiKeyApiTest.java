package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** API keys: created by admins, shown once, stored hashed, scoped, expiring, revoked, rotated. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyApiTest {

  private static final String KEYS = "/api/v1/api-keys";

  private WrenchServer server;
  private Http http;
  private String admin;

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

  private JsonObject create(JsonObject body) {
    Http.Response response = http.post(KEYS).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.header("Location")).isEqualTo(KEYS + "/" + response.json().getString("id"));
    return response.json();
  }

  private Http.Response withKey(Http.Call call, String key) {
    return call.header("Authorization", "ApiKey " + key).send();
  }

  @Test
  void aKeyIsShownOnceAndWorksAsItsUser() {
    JsonObject created = create(new JsonObject().put("name", "integration"));
    String key = created.getString("key");
    assertThat(key).startsWith("wrk_").hasSizeGreaterThan(40);
    assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 10));
    assertThat(created.getJsonArray("scopes")).containsExactly("api");
    assertThat(created.getString("last_used_at")).isNull();

    // It acts as the admin who made it.
    assertThat(withKey(http.get("/api/v1/users"), key).status()).isEqualTo(200);
    Http.Response wo =
        withKey(
            http.post("/api/v1/work-orders").json(new JsonObject().put("title", "by key")), key);
    assertThat(wo.status()).isEqualTo(201);

    Http.Response fetched = http.get(KEYS + "/" + created.getString("id")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().containsKey("key")).isFalse();
    assertThat(fetched.json().getString("last_used_at")).isNotNull();
    assertThat(fetched.body().toString()).doesNotContain(key);
    assertThat(http.get(KEYS).token(admin).send().body().toString()).doesNotContain(key);
    assertThat(storedKeyText()).doesNotContain(key);
  }

  @Test
  void aKeyForAnotherUserHasThatUsersRole() {
    WrenchServer.User technician = server.createUser("technician");
    String key =
        create(new JsonObject().put("name", "tech bot").put("user_id", technician.id()))
            .getString("key");
    assertThat(withKey(http.get("/api/v1/work-orders"), key).status()).isEqualTo(200);
    assertThat(withKey(http.get("/api/v1/users"), key).status()).isEqualTo(403);
    // A key cannot make keys unless its user is an admin.
    assertThat(
            withKey(http.post(KEYS).json(new JsonObject().put("name", "escalate")), key).status())
        .isEqualTo(403);
  }

  @Test
  void aReadScopedKeyCannotWrite() {
    String key =
        create(new JsonObject().put("name", "reader").put("scopes", new JsonArray().add("read")))
            .getString("key");
    assertThat(withKey(http.get("/api/v1/assets"), key).status()).isEqualTo(200);
    Http.Response write =
        withKey(http.post("/api/v1/assets").json(new JsonObject().put("name", "no")), key);
    assertThat(write.status()).isEqualTo(403);
  }

  @Test
  void revokedRotatedExpiredAndUnknownKeysAre401() throws SQLException {
    JsonObject created = create(new JsonObject().put("name", "short-lived"));
    String id = created.getString("id");
    String key = created.getString("key");

    Http.Response rotated = http.post(KEYS + "/" + id + "/rotate").token(admin).send();
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String newKey = rotated.json().getString("key");
    assertThat(newKey).isNotEqualTo(key);
    assertThat(rotated.json().getString("id")).isEqualTo(id);
    assertThat(rotated.json().getString("rotated_at")).isNotNull();
    assertThat(withKey(http.get("/api/v1/assets"), key).status()).isEqualTo(401);
    assertThat(withKey(http.get("/api/v1/assets"), newKey).status()).isEqualTo(200);

    assertThat(http.delete(KEYS + "/" + id).token(admin).send().status()).isEqualTo(204);
    Http.Response revoked = withKey(http.get("/api/v1/assets"), newKey);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.json().getString("type")).isEqualTo("/problems/unauthorized");
    assertThat(http.get(KEYS + "/" + id).token(admin).send().status()).isEqualTo(404);
    assertThat(http.post(KEYS + "/" + id + "/rotate").token(admin).send().status()).isEqualTo(404);

    JsonObject expiring =
        create(new JsonObject().put("name", "expiring").put("expires_at", "2099-01-01T00:00:00Z"));
    assertThat(withKey(http.get("/api/v1/assets"), expiring.getString("key")).status())
        .isEqualTo(200);
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement()) {
      statement.executeUpdate(
          "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '"
              + UUID.fromString(expiring.getString("id"))
              + "'");
    }
    assertThat(withKey(http.get("/api/v1/assets"), expiring.getString("key")).status())
        .isEqualTo(401);
    assertThat(withKey(http.get("/api/v1/assets"), "wrk_unknown").status()).isEqualTo(401);
  }

  @Test
  void anExpiryInThePastOrAForeignUserIs422() {
    Http.Response past =
        http.post(KEYS)
            .token(admin)
            .json(new JsonObject().put("name", "x").put("expires_at", "2001-01-01T00:00:00Z"))
            .send();
    assertThat(past.status()).isEqualTo(422);
    Http.Response unknownUser =
        http.post(KEYS)
            .token(admin)
            .json(new JsonObject().put("name", "x").put("user_id", UUID.randomUUID().toString()))
            .send();
    assertThat(unknownUser.status()).isEqualTo(422);
    Http.Response badScope =
        http.post(KEYS)
            .token(admin)
            .json(new JsonObject().put("name", "x").put("scopes", new JsonArray().add("root")))
            .send();
    assertThat(badScope.status()).isEqualTo(400);
  }

  @Test
  void anotherRoleIsRefusedAndAnotherTenantsKeyIs404() {
    WrenchServer.User manager = server.createUser("manager");
    assertThat(
            http.post(KEYS)
                .token(manager.token())
                .json(new JsonObject().put("name", "x"))
                .send()
                .status())
        .isEqualTo(403);
    assertThat(http.get(KEYS).token(manager.token()).send().status()).isEqualTo(403);

    JsonObject mine = create(new JsonObject().put("name", "mine"));
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    String otherAdmin = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    String path = KEYS + "/" + mine.getString("id");
    assertThat(http.get(path).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(http.delete(path).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(http.post(path + "/rotate").token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(http.get(KEYS).token(otherAdmin).send().items()).isEmpty();
    // Untouched for its own organization.
    assertThat(withKey(http.get("/api/v1/assets"), mine.getString("key")).status()).isEqualTo(200);
  }

  @Test
  void keysAreListedWithCursorPagination() {
    for (int i = 0; i < 3; i++) {
      create(new JsonObject().put("name", "page " + i));
    }
    Http.Response first = http.get(KEYS + "?limit=2").token(admin).send();
    assertThat(first.items()).hasSize(2);
    String cursor = first.json().getString("next_cursor");
    Http.Response second =
        http.get(
                KEYS
                    + "?limit=2&cursor="
                    + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8))
            .token(admin)
            .send();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.items()).isNotEmpty();
  }

  private String storedKeyText() {
    StringBuilder text = new StringBuilder();
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT encode(key_hash, 'escape') || key_prefix || name FROM api_keys")) {
      while (rows.next()) {
        text.append(rows.getString(1)).append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }
}
