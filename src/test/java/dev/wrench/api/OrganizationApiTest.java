package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
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

/** Organizations are created by platform admins only, each with its first admin. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationApiTest {

  private static final String ORGS = "/api/v1/organizations";
  private static final String PASSWORD = "a-long-passphrase-42";

  private WrenchServer server;
  private Http http;
  private String platformAdmin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    platformAdmin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject body(String name, String email) {
    return new JsonObject()
        .put("name", name)
        .put(
            "admin",
            new JsonObject().put("email", email).put("name", "First").put("password", PASSWORD));
  }

  private static String email() {
    return "first-" + UUID.randomUUID().toString().substring(0, 8) + "@tenant.test";
  }

  @Test
  void aPlatformAdminCreatesATenantWhoseAdminSeesOnlyIt() {
    String email = email();
    Http.Response created = http.post(ORGS).token(platformAdmin).json(body("Acme", email)).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject org = created.json();
    assertThat(created.header("Location")).isEqualTo(ORGS + "/" + org.getString("id"));
    assertThat(org.getString("name")).isEqualTo("Acme");
    assertThat(org.getJsonObject("admin").getString("role")).isEqualTo("admin");
    assertThat(org.getJsonObject("admin").getString("email")).isEqualTo(email);
    assertThat(created.body().toString()).doesNotContain(PASSWORD).doesNotContain("pbkdf2");

    Http.Response fetched = http.get(created.header("Location")).token(platformAdmin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().getString("name")).isEqualTo("Acme");

    // The new admin logs in, sees only their tenant, and is no platform admin.
    String tenantAdmin = Tokens.login(http, email, PASSWORD);
    Http.Response users = http.get("/api/v1/users").token(tenantAdmin).send();
    assertThat(users.items()).hasSize(1);
    String assetId =
        http.post("/api/v1/assets")
            .token(platformAdmin)
            .json(new JsonObject().put("name", "Default's"))
            .send()
            .json()
            .getString("id");
    assertThat(http.get("/api/v1/assets/" + assetId).token(tenantAdmin).send().status())
        .isEqualTo(404);
    assertThat(http.post(ORGS).token(tenantAdmin).json(body("Nope", email())).send().status())
        .isEqualTo(403);
    assertThat(http.get(ORGS + "/" + org.getString("id")).token(tenantAdmin).send().status())
        .isEqualTo(403);
    // Work order numbers start afresh in the new tenant.
    JsonObject wo = WorkOrders.create(http, tenantAdmin, "First");
    assertThat(wo.getString("number")).isEqualTo("WO-000001");
  }

  @Test
  void aTenantAdminIsNotAPlatformAdmin() {
    WrenchServer.User admin = server.createUser("admin");
    Http.Response refused = http.post(ORGS).token(admin.token()).json(body("X", email())).send();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("type")).isEqualTo("/problems/forbidden");
  }

  @Test
  void aUsedEmailIs409AndCreatesNoOrganization() {
    long before = organizations();
    Http.Response conflict =
        http.post(ORGS).token(platformAdmin).json(body("Dup", WrenchServer.ADMIN_EMAIL)).send();
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(organizations()).isEqualTo(before);
  }

  @Test
  void badInputIs400AndAnUnknownOrganizationIs404() {
    Http.Response invalid =
        http.post(ORGS)
            .token(platformAdmin)
            .json(
                new JsonObject().put("name", "x").put("admin", new JsonObject().put("email", "no")))
            .send();
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(http.get(ORGS + "/" + UUID.randomUUID()).token(platformAdmin).send().status())
        .isEqualTo(404);
  }

  @Test
  void thePlatformGrantSurvivesARefresh() {
    Http.Response login =
        Tokens.passwordGrant(http, WrenchServer.ADMIN_EMAIL, WrenchServer.ADMIN_PASSWORD);
    Http.Response refreshed = Tokens.refreshGrant(http, login.json().getString("refresh_token"));
    String token = refreshed.json().getString("access_token");
    assertThat(http.post(ORGS).token(token).json(body("After refresh", email())).send().status())
        .isEqualTo(201);
  }

  private long organizations() {
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM organizations")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
