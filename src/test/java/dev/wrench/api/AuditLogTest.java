package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every sensitive operation leaves an audit row; rows are tenant-scoped and immutable. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {

  private static final String EVENTS = "/api/v1/audit-events";

  private WrenchServer server;
  private Http http;
  private String admin;
  private String adminId;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    adminId =
        http.get("/api/v1/users").token(admin).send().items().stream()
            .map(JsonObject.class::cast)
            .filter(u -> u.getString("email").equals(WrenchServer.ADMIN_EMAIL))
            .findFirst()
            .orElseThrow()
            .getString("id");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The events of this organization with {@code action}, newest first (all pages). */
  private List<JsonObject> events(String query) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    do {
      Http.Response page =
          http.get(
                  EVENTS + "?limit=100&" + query + (cursor == null ? "" : "&cursor=" + enc(cursor)))
              .token(admin)
              .send();
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.items().forEach(e -> all.add((JsonObject) e));
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  private JsonObject awaitEvent(String action, String outcome, String targetId) {
    JsonObject[] found = new JsonObject[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (JsonObject event : events("action=" + action)) {
                if (event.getString("outcome").equals(outcome)
                    && (targetId == null || targetId.equals(event.getString("target_id")))) {
                  found[0] = event;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  @Test
  void logInsRefreshesAndRevocationsAreAudited() {
    String requestId = "audit-" + UUID.randomUUID();
    Http.Response login =
        http.post(Tokens.PATH)
            .header("X-Request-Id", requestId)
            .raw(
                Tokens.FORM,
                Tokens.passwordForm(WrenchServer.ADMIN_EMAIL, WrenchServer.ADMIN_PASSWORD))
            .send();
    assertThat(login.status()).isEqualTo(200);
    JsonObject loggedIn = awaitEvent("auth.login", "success", null);
    assertThat(events("action=auth.login").stream())
        .anySatisfy(
            e -> {
              assertThat(e.getString("request_id")).isEqualTo(requestId);
              assertThat(e.getString("actor_id")).isEqualTo(adminId);
              assertThat(e.getString("address")).isEqualTo("127.0.0.1");
              assertThat(e.getString("subject")).isEqualTo(WrenchServer.ADMIN_EMAIL);
            });
    assertThat(loggedIn.getString("occurred_at")).endsWith("Z");

    String refresh = login.json().getString("refresh_token");
    String next = Tokens.refreshGrant(http, refresh).json().getString("refresh_token");
    awaitEvent("token.refresh", "success", null);
    http.post("/oauth/revoke").raw(Tokens.FORM, "token=" + enc(next)).send();
    awaitEvent("token.revoke", "success", null);

    // A failed log-in is written too; an account that does not exist belongs to no tenant.
    assertThat(
            Tokens.grant(http, "grant_type=password&username=nobody%40x.test&password=guess")
                .status())
        .isEqualTo(400);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "action = 'auth.login' AND outcome = 'failure' AND subject = 'nobody@x.test' AND org_id IS NULL")
                    == 1);
  }

  @Test
  void clientsKeysUsersDeletesAndDenialsAreAudited() {
    WrenchServer.User technician = server.createUser("technician");
    String userId = technician.id();
    awaitEvent("user.create", "success", userId);

    JsonObject client =
        http.post("/api/v1/oauth-clients")
            .token(admin)
            .json(new JsonObject().put("name", "c").put("user_id", userId))
            .send()
            .json();
    awaitEvent("oauth_client.create", "success", client.getString("id"));
    Tokens.grant(
        http,
        "grant_type=client_credentials&client_id="
            + client.getString("client_id")
            + "&client_secret="
            + enc(client.getString("client_secret")));
    awaitEvent("auth.client_credentials", "success", client.getString("id"));
    Tokens.grant(
        http,
        "grant_type=client_credentials&client_id="
            + client.getString("client_id")
            + "&client_secret=wrong");
    awaitEvent("auth.client_credentials", "failure", null);
    http.delete("/api/v1/oauth-clients/" + client.getString("id")).token(admin).send();
    awaitEvent("oauth_client.revoke", "success", client.getString("id"));

    String keyId =
        http.post("/api/v1/api-keys")
            .token(admin)
            .json(new JsonObject().put("name", "k"))
            .send()
            .json()
            .getString("id");
    awaitEvent("api_key.create", "success", keyId);
    http.post("/api/v1/api-keys/" + keyId + "/rotate").token(admin).send();
    awaitEvent("api_key.rotate", "success", keyId);
    http.delete("/api/v1/api-keys/" + keyId).token(admin).send();
    awaitEvent("api_key.revoke", "success", keyId);

    String assetId =
        http.post("/api/v1/assets")
            .token(admin)
            .json(new JsonObject().put("name", "a"))
            .send()
            .json()
            .getString("id");
    assertThat(http.delete("/api/v1/assets/" + assetId).token(admin).send().status())
        .isEqualTo(204);
    JsonObject deleted = awaitEvent("asset.delete", "success", assetId);
    assertThat(deleted.getString("actor_id")).isEqualTo(adminId);
    assertThat(deleted.getString("target_type")).isEqualTo("asset");

    assertThat(http.get("/api/v1/users").token(technician.token()).send().status()).isEqualTo(403);
    JsonObject denied = awaitEvent("permission.denied", "denied", null);
    assertThat(events("outcome=denied&actor_id=" + userId)).isNotEmpty();
    assertThat(denied.getJsonObject("details").getString("path")).isEqualTo("/api/v1/users");
  }

  @Test
  void eventsArePagedNewestFirstAndFiltered() {
    for (int i = 0; i < 3; i++) {
      server.createUser("requester");
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> events("action=user.create").size() >= 3);
    Http.Response first = http.get(EVENTS + "?limit=2&action=user.create").token(admin).send();
    assertThat(first.items()).hasSize(2);
    JsonArray items = first.items();
    assertThat(items.getJsonObject(0).getString("occurred_at"))
        .isGreaterThanOrEqualTo(items.getJsonObject(1).getString("occurred_at"));
    Http.Response second =
        http.get(
                EVENTS
                    + "?limit=2&action=user.create&cursor="
                    + enc(first.json().getString("next_cursor")))
            .token(admin)
            .send();
    assertThat(second.items()).isNotEmpty();
    assertThat(second.items().getJsonObject(0).getString("id"))
        .isNotIn(items.getJsonObject(0).getString("id"), items.getJsonObject(1).getString("id"));
    assertThat(events("action=user.create&occurred_after=2100-01-01T00:00:00Z")).isEmpty();
    assertThat(events("action=user.create&occurred_before=2000-01-01T00:00:00Z")).isEmpty();
    assertThat(http.get(EVENTS + "?outcome=maybe").token(admin).send().status()).isEqualTo(400);
  }

  @Test
  void anotherTenantSeesNoneOfThemAndOtherRolesAreRefused() {
    server.createUser("manager");
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    String otherAdmin = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !events("action=user.create").isEmpty());
    Http.Response theirs = http.get(EVENTS + "?action=user.create").token(otherAdmin).send();
    assertThat(theirs.status()).isEqualTo(200);
    assertThat(theirs.items()).isEmpty();
    WrenchServer.User manager = server.createUser("manager");
    assertThat(http.get(EVENTS).token(manager.token()).send().status()).isEqualTo(403);
  }

  @Test
  void auditRowsCannotBeChangedOrDeletedEvenBySuperuser() throws SQLException {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("true") > 0);
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement()) {
      assertThatThrownBy(
              () -> statement.executeUpdate("UPDATE audit_events SET outcome = 'success'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_events"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("TRUNCATE audit_events"))
          .hasMessageContaining("append-only");
    }
    assertThat(count("true")).isPositive();
  }

  private long count(String condition) {
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM audit_events WHERE " + condition)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
