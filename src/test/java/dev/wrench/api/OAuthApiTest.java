package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The grants of {@code POST /oauth/token}, {@code POST /oauth/revoke} and registered clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthApiTest {

  private static final String REVOKE = "/oauth/revoke";
  private static final String CLIENTS = "/api/v1/oauth-clients";

  private WrenchServer server;
  private Http http;
  private String admin;
  private WrenchServer.User manager;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    manager = server.createUser("manager");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Http.Response revoke(String form) {
    return http.post(REVOKE).raw(Tokens.FORM, form).send();
  }

  private static void assertOAuthError(Http.Response response, int status, String error) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.json().getString("error")).isEqualTo(error);
    assertThat(response.json().containsKey("access_token")).isFalse();
  }

  private JsonObject createClient(String userId, JsonArray scopes) {
    JsonObject body = new JsonObject().put("name", "integration").put("user_id", userId);
    if (scopes != null) {
      body.put("scopes", scopes);
    }
    Http.Response response = http.post(CLIENTS).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private Http.Response clientGrant(JsonObject client, String extra) {
    return Tokens.grant(
        http,
        "grant_type=client_credentials&client_id="
            + Tokens.enc(client.getString("client_id"))
            + "&client_secret="
            + Tokens.enc(client.getString("client_secret"))
            + extra);
  }

  // --- client_credentials ---

  @Test
  void aRegisteredClientGetsATokenThatActsAsItsUser() {
    JsonObject client = createClient(manager.id(), null);
    assertThat(client.getString("client_secret")).startsWith("wcs_");
    assertThat(client.getJsonArray("scopes")).containsExactly("api");
    Http.Response response = clientGrant(client, "");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonObject token = response.json();
    assertThat(token.getString("scope")).isEqualTo("api");
    // No refresh token for a client (RFC 6749 §4.4.3).
    assertThat(token.containsKey("refresh_token")).isFalse();
    String access = token.getString("access_token");
    // A manager may create work orders, not list users.
    assertThat(
            http.post("/api/v1/work-orders")
                .token(access)
                .json(new JsonObject().put("title", "from a client"))
                .send()
                .status())
        .isEqualTo(201);
    assertThat(http.get("/api/v1/users").token(access).send().status()).isEqualTo(403);
    // The secret is never shown again.
    Http.Response fetched = http.get(CLIENTS + "/" + client.getString("id")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().containsKey("client_secret")).isFalse();
    assertThat(fetched.body().toString()).doesNotContain(client.getString("client_secret"));
  }

  @Test
  void aClientMayAuthenticateWithHttpBasic() {
    JsonObject client = createClient(manager.id(), null);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (Tokens.enc(client.getString("client_id"))
                        + ":"
                        + Tokens.enc(client.getString("client_secret")))
                    .getBytes(StandardCharsets.UTF_8));
    Http.Response response =
        http.post(Tokens.PATH)
            .header("Authorization", "Basic " + basic)
            .raw(Tokens.FORM, "grant_type=client_credentials")
            .send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    // Both ways at once is ambiguous.
    Http.Response both =
        http.post(Tokens.PATH)
            .header("Authorization", "Basic " + basic)
            .raw(
                Tokens.FORM,
                "grant_type=client_credentials&client_secret="
                    + Tokens.enc(client.getString("client_secret")))
            .send();
    assertOAuthError(both, 400, "invalid_request");
  }

  @Test
  void aWrongSecretAndAnUnknownClientGetTheSameInvalidClient() {
    JsonObject client = createClient(manager.id(), null);
    Http.Response wrong = clientGrant(client.copy().put("client_secret", "wcs_wrong"), "");
    Http.Response unknown =
        clientGrant(client.copy().put("client_id", UUID.randomUUID().toString()), "");
    Http.Response notAUuid = clientGrant(client.copy().put("client_id", "nobody"), "");
    assertOAuthError(wrong, 401, "invalid_client");
    assertOAuthError(unknown, 401, "invalid_client");
    assertOAuthError(notAUuid, 401, "invalid_client");
    assertThat(unknown.json()).isEqualTo(wrong.json());
    assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");
    assertOAuthError(
        Tokens.grant(http, "grant_type=client_credentials&client_id=x"), 400, "invalid_request");
  }

  @Test
  void aReadScopedClientMayReadButNotWrite() {
    JsonObject client = createClient(manager.id(), new JsonArray().add("read"));
    Http.Response response = clientGrant(client, "");
    assertThat(response.json().getString("scope")).isEqualTo("read");
    String access = response.json().getString("access_token");
    assertThat(http.get("/api/v1/work-orders").token(access).send().status()).isEqualTo(200);
    Http.Response write =
        http.post("/api/v1/work-orders")
            .token(access)
            .json(new JsonObject().put("title", "not allowed"))
            .send();
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.json().getString("type")).isEqualTo("/problems/forbidden");
    // A scope beyond the grant is refused; a narrower one is granted.
    assertOAuthError(clientGrant(client, "&scope=api"), 400, "invalid_scope");
    JsonObject wide = createClient(manager.id(), new JsonArray().add("api").add("read"));
    Http.Response narrowed = clientGrant(wide, "&scope=read");
    assertThat(narrowed.status()).isEqualTo(200);
    assertThat(narrowed.json().getString("scope")).isEqualTo("read");
  }

  @Test
  void aRevokedClientGetsNoMoreTokens() {
    JsonObject client = createClient(manager.id(), null);
    assertThat(clientGrant(client, "").status()).isEqualTo(200);
    Http.Response deleted = http.delete(CLIENTS + "/" + client.getString("id")).token(admin).send();
    assertThat(deleted.status()).isEqualTo(204);
    assertOAuthError(clientGrant(client, ""), 401, "invalid_client");
    assertThat(http.get(CLIENTS + "/" + client.getString("id")).token(admin).send().status())
        .isEqualTo(404);
    assertThat(http.delete(CLIENTS + "/" + client.getString("id")).token(admin).send().status())
        .isEqualTo(404);
    assertThat(http.get(CLIENTS).token(admin).send().items().stream())
        .noneMatch(c -> ((JsonObject) c).getString("id").equals(client.getString("id")));
  }

  @Test
  void aClientForAUserOfAnotherOrganizationIs422AndAnotherTenantsClientIs404() {
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    WrenchServer.User otherAdmin =
        server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin");
    Http.Response foreignUser =
        http.post(CLIENTS)
            .token(admin)
            .json(new JsonObject().put("name", "x").put("user_id", otherAdmin.id()))
            .send();
    assertThat(foreignUser.status()).as(foreignUser.toString()).isEqualTo(422);

    JsonObject mine = createClient(manager.id(), null);
    String path = CLIENTS + "/" + mine.getString("id");
    assertThat(http.get(path).token(otherAdmin.token()).send().status()).isEqualTo(404);
    assertThat(http.delete(path).token(otherAdmin.token()).send().status()).isEqualTo(404);
    assertThat(http.get(CLIENTS).token(otherAdmin.token()).send().items()).isEmpty();
    // Still alive for its own organization.
    assertThat(clientGrant(mine, "").status()).isEqualTo(200);
  }

  @Test
  void clientsAreListedWithCursorPagination() {
    for (int i = 0; i < 3; i++) {
      createClient(manager.id(), null);
    }
    Http.Response first = http.get(CLIENTS + "?limit=2").token(admin).send();
    assertThat(first.items()).hasSize(2);
    String cursor = first.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    Http.Response second =
        http.get(CLIENTS + "?limit=2&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))
            .token(admin)
            .send();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.items()).isNotEmpty();
    assertThat(second.items().getJsonObject(0).getString("id"))
        .isNotEqualTo(first.items().getJsonObject(1).getString("id"));
  }

  // --- refresh_token ---

  @Test
  void aRefreshTokenIsSingleUseAndRotated() {
    JsonObject first = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    String refresh1 = first.getString("refresh_token");
    assertThat(refresh1).startsWith("wrt_");

    Http.Response second = Tokens.refreshGrant(http, refresh1);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    String refresh2 = second.json().getString("refresh_token");
    assertThat(refresh2).isNotEqualTo(refresh1);
    assertThat(second.json().getString("scope")).isEqualTo("api");
    String access = second.json().getString("access_token");
    assertThat(http.get("/api/v1/work-orders").token(access).send().status()).isEqualTo(200);

    Http.Response third = Tokens.refreshGrant(http, refresh2);
    assertThat(third.status()).isEqualTo(200);
    // Only digests are stored.
    assertThat(storedTokenText()).doesNotContain(refresh1).doesNotContain(refresh2);
  }

  @Test
  void reusingASpentRefreshTokenRevokesTheWholeFamily() {
    JsonObject login = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    String stolen = login.getString("refresh_token");
    String legitimate = Tokens.refreshGrant(http, stolen).json().getString("refresh_token");

    // The spent token comes back (a thief replaying it, or the owner after the thief).
    assertOAuthError(Tokens.refreshGrant(http, stolen), 400, "invalid_grant");
    // Its successor is dead too: the family is revoked.
    assertOAuthError(Tokens.refreshGrant(http, legitimate), 400, "invalid_grant");

    // Another log-in starts a new, unaffected family.
    JsonObject again = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    assertThat(Tokens.refreshGrant(http, again.getString("refresh_token")).status()).isEqualTo(200);
  }

  @Test
  void concurrentUsesOfOneRefreshTokenLetAtMostOneThrough() {
    JsonObject login = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    String refresh = login.getString("refresh_token");
    String form = "grant_type=refresh_token&refresh_token=" + Tokens.enc(refresh);
    var a = http.post(Tokens.PATH).raw(Tokens.FORM, form).sendAsync();
    var b = http.post(Tokens.PATH).raw(Tokens.FORM, form).sendAsync();
    int ok = (Http.await(a).status() == 200 ? 1 : 0) + (Http.await(b).status() == 200 ? 1 : 0);
    assertThat(ok).isLessThanOrEqualTo(1);
  }

  @Test
  void unknownOrMissingRefreshTokensAreRefused() {
    assertOAuthError(Tokens.refreshGrant(http, "wrt_unknown"), 400, "invalid_grant");
    assertOAuthError(Tokens.grant(http, "grant_type=refresh_token"), 400, "invalid_request");
  }

  @Test
  void anExpiredRefreshTokenIsRefused() throws SQLException {
    JsonObject login = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement()) {
      statement.executeUpdate(
          "UPDATE refresh_tokens SET expires_at = now() - interval '1 minute'"
              + " WHERE used_at IS NULL AND revoked_at IS NULL AND user_id = '"
              + UUID.fromString(manager.id())
              + "'");
    }
    assertOAuthError(
        Tokens.refreshGrant(http, login.getString("refresh_token")), 400, "invalid_grant");
  }

  @Test
  void aRefreshMayNarrowTheScopeButNotWidenIt() {
    JsonObject login = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    Http.Response narrowed =
        Tokens.grant(
            http,
            "grant_type=refresh_token&scope=read&refresh_token="
                + Tokens.enc(login.getString("refresh_token")));
    assertThat(narrowed.status()).isEqualTo(200);
    assertThat(narrowed.json().getString("scope")).isEqualTo("read");
    Http.Response widened =
        Tokens.grant(
            http,
            "grant_type=refresh_token&scope=api%20admin&refresh_token="
                + Tokens.enc(narrowed.json().getString("refresh_token")));
    assertOAuthError(widened, 400, "invalid_scope");
  }

  // --- revoke ---

  @Test
  void revokingARefreshTokenEndsItsFamilyAndUnknownTokensAre200() {
    JsonObject login = Tokens.loginAnswer(http, manager.email(), "password-of-" + manager.email());
    String refresh1 = login.getString("refresh_token");
    String refresh2 = Tokens.refreshGrant(http, refresh1).json().getString("refresh_token");

    Http.Response revoked =
        revoke("token=" + Tokens.enc(refresh1) + "&token_type_hint=refresh_token");
    assertThat(revoked.status()).isEqualTo(200);
    assertOAuthError(Tokens.refreshGrant(http, refresh2), 400, "invalid_grant");

    assertThat(revoke("token=wrt_never-issued").status()).isEqualTo(200);
    assertThat(revoke("token=something-else").status()).isEqualTo(200);
  }

  @Test
  void revokeRefusesMalformedRequestsAndAccessTokens() {
    assertOAuthError(revoke("token_type_hint=refresh_token"), 400, "invalid_request");
    assertOAuthError(
        http.post(REVOKE).json(new JsonObject().put("token", "x")).send(), 400, "invalid_request");
    assertOAuthError(revoke("token=" + Tokens.enc(admin)), 400, "unsupported_token_type");
  }

  @Test
  void anUnsupportedGrantTypeIsStillRefused() {
    assertOAuthError(
        Tokens.grant(http, "grant_type=authorization_code&code=x"), 400, "unsupported_grant_type");
  }

  private String storedTokenText() {
    StringBuilder text = new StringBuilder();
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT encode(token_hash, 'escape') FROM refresh_tokens")) {
      while (rows.next()) {
        text.append(rows.getString(1)).append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }
}
