package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A running Wrench for the request tests, and the calls they share. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestApiTestBase {

  static final String REQUESTS = "/api/v1/requests";

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

  String site(String name) {
    return created(
        http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", name)).send());
  }

  String asset(String siteId) {
    JsonObject body = new JsonObject().put("name", "pump " + UUID.randomUUID());
    if (siteId != null) {
      body.put("site_id", siteId);
    }
    return created(http.post("/api/v1/assets").token(admin).json(body).send());
  }

  Http.Response ask(String token, JsonObject body) {
    return http.post(REQUESTS).token(token).json(body).send();
  }

  /** A pending request by {@code token}'s user on {@code assetId} (may be null). */
  JsonObject request(String token, String assetId) {
    JsonObject body = new JsonObject().put("title", "Leak " + UUID.randomUUID());
    if (assetId != null) {
      body.put("asset_id", assetId);
    }
    Http.Response response = ask(token, body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  Http.Response move(String token, String id, String move, JsonObject body) {
    Http.Call call = http.post(REQUESTS + "/" + id + "/" + move).token(token);
    return (body == null ? call : call.json(body)).send();
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
