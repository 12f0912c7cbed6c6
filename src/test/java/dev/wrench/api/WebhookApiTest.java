package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The webhook subscription API on a server with the production default (private targets refused):
 * the secret shown once, conditional changes, the SSRF guard, and every operation refused to other
 * roles and invisible to other organizations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookApiTest {

  /** A public address literal: passes the guard without DNS (nothing is ever sent to it here). */
  private static final String PUBLIC_URL = "https://93.184.215.14/wrench-hook";

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
    server.close();
  }

  private Http.Response create(String token, String url) {
    return http.post("/api/v1/webhooks")
        .token(token)
        .json(
            new JsonObject()
                .put("url", url)
                .put("event_types", new JsonArray().add("work_order.created")))
        .send();
  }

  @Test
  void theSecretIsShownOnCreationAndRotationOnly() {
    Http.Response created = create(admin, PUBLIC_URL);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    String secret = created.json().getString("secret");
    assertThat(secret).matches("^whsec_[A-Za-z0-9+/]{43}=$");
    assertThat(created.header("Location")).endsWith("/api/v1/webhooks/" + id);

    Http.Response got = http.get("/api/v1/webhooks/" + id).token(admin).send();
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().containsKey("secret")).isFalse();
    assertThat(got.body().toString()).doesNotContain(secret.substring(6));
    assertThat(http.get("/api/v1/webhooks").token(admin).send().body().toString())
        .contains(id)
        .doesNotContain(secret.substring(6));

    // Conditional change: 428 without If-Match, 412 when stale, 200 with the version.
    JsonObject change = new JsonObject().put("description", "changed");
    assertProblem(
        http.patch("/api/v1/webhooks/" + id).token(admin).mergePatch(change).send(),
        428,
        "/problems/precondition-required");
    assertProblem(
        http.patch("/api/v1/webhooks/" + id)
            .token(admin)
            .header("If-Match", "\"7\"")
            .mergePatch(change)
            .send(),
        412,
        "/problems/precondition-failed");
    Http.Response patched =
        http.patch("/api/v1/webhooks/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(change.copy().put("event_types", new JsonArray().add("work_order.overdue")))
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().getInteger("version")).isEqualTo(2);
    assertThat(patched.json().getJsonArray("event_types")).containsExactly("work_order.overdue");

    Http.Response rotated =
        http.post("/api/v1/webhooks/" + id + "/rotate-secret").token(admin).send();
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.json().getString("secret")).startsWith("whsec_").isNotEqualTo(secret);

    assertThat(http.get("/api/v1/webhooks/" + id + "/deliveries").token(admin).send().items())
        .isEmpty();
    assertThat(http.delete("/api/v1/webhooks/" + id).token(admin).send().status()).isEqualTo(204);
    assertProblem(
        http.get("/api/v1/webhooks/" + id).token(admin).send(), 404, "/problems/not-found");
  }

  @Test
  void privateLoopbackAndLinkLocalTargetsAreRefused() {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://192.168.0.10/hook",
            "http://172.16.5.4/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook",
            "http://[fd00::1]/hook",
            "http://0.0.0.0/hook")) {
      Http.Response refused = create(admin, url);
      assertProblem(refused, 422, "/problems/webhook-target-refused");
    }
    assertProblem(create(admin, "ftp://93.184.215.14/x"), 400, "/problems/validation");

    String id = create(admin, PUBLIC_URL).json().getString("id");
    assertProblem(
        http.patch("/api/v1/webhooks/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("url", "http://127.0.0.1/x"))
            .send(),
        422,
        "/problems/webhook-target-refused");
    assertThat(http.get("/api/v1/webhooks/" + id).token(admin).send().json().getString("url"))
        .isEqualTo(PUBLIC_URL);
  }

  /** Every operation of the feature, with its path for subscription {@code id}. */
  private List<Object[]> operations(String id) {
    String letter = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject()
            .put("url", PUBLIC_URL)
            .put("event_types", new JsonArray().add("work_order.created"));
    return List.of(
        new Object[] {HttpMethod.GET, "/api/v1/webhooks", null},
        new Object[] {HttpMethod.POST, "/api/v1/webhooks", body},
        new Object[] {HttpMethod.GET, "/api/v1/webhooks/" + id, null},
        new Object[] {
          HttpMethod.PATCH, "/api/v1/webhooks/" + id, new JsonObject().put("description", "x")
        },
        new Object[] {HttpMethod.DELETE, "/api/v1/webhooks/" + id, null},
        new Object[] {HttpMethod.POST, "/api/v1/webhooks/" + id + "/rotate-secret", null},
        new Object[] {HttpMethod.GET, "/api/v1/webhooks/" + id + "/deliveries", null},
        new Object[] {HttpMethod.GET, "/api/v1/admin/notifications/dead-letters", null},
        new Object[] {HttpMethod.GET, "/api/v1/admin/notifications/dead-letters/" + letter, null},
        new Object[] {
          HttpMethod.POST, "/api/v1/admin/notifications/dead-letters/" + letter + "/redrive", null
        });
  }

  private Http.Response call(Object[] op, String token) {
    Http.Call call = http.call((HttpMethod) op[0], (String) op[1]).token(token);
    if (op[0] == HttpMethod.PATCH) {
      call.header("If-Match", "\"1\"");
      return call.mergePatch((JsonObject) op[2]).send();
    }
    if (op[2] != null) {
      return call.json(op[2]).send();
    }
    return call.send();
  }

  @Test
  void onlyAdminsManageWebhooksAndDeadLetters() {
    String id = create(admin, PUBLIC_URL).json().getString("id");
    for (String role : List.of("manager", "technician", "requester")) {
      String token = server.createUser(role).token();
      for (Object[] op : operations(id)) {
        assertProblem(call(op, token), 403, "/problems/forbidden");
      }
    }
    // Nothing was changed by the refused calls.
    Http.Response still = http.get("/api/v1/webhooks/" + id).token(admin).send();
    assertThat(still.status()).isEqualTo(200);
    assertThat(still.json().getInteger("version")).isEqualTo(1);
  }

  @Test
  void anotherOrganizationsWebhookDoesNotExistForItsAdmin() {
    String id = create(admin, PUBLIC_URL).json().getString("id");
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    String stranger = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    for (Object[] op : operations(id)) {
      String path = (String) op[1];
      boolean aboutOne = path.contains(id) || path.matches(".*/dead-letters/.+");
      if (aboutOne) {
        assertProblem(call(op, stranger), 404, "/problems/not-found");
      }
    }
    assertThat(http.get("/api/v1/webhooks").token(stranger).send().body().toString())
        .doesNotContain(id);
    Http.Response still = http.get("/api/v1/webhooks/" + id).token(admin).send();
    assertThat(still.status()).isEqualTo(200);
    assertThat(still.json().getInteger("version")).isEqualTo(1);
  }
}
