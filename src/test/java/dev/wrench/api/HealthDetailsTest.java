package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /health/ready} is public and says only UP or DOWN per check (no path, host or error); the
 * details are for platform operators at {@code /api/v1/admin/health}. Probes need no token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthDetailsTest {

  private WrenchServer server;
  private Http http;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void publicReadinessSaysOnlyUpOrDownPerCheck() {
    Http.Response ready = http.get("/health/ready").send();
    assertThat(ready.status()).isEqualTo(200);
    JsonObject body = ready.json();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonArray("checks")).hasSizeGreaterThanOrEqualTo(7);
    for (Object check : body.getJsonArray("checks")) {
      assertThat(((JsonObject) check).fieldNames()).containsOnly("id", "status");
    }
    assertThat(ready.check("object-storage").getString("status")).isEqualTo("UP");
    String text = ready.body().toString();
    assertThat(text).doesNotContain("\"data\"").doesNotContain("attachments").doesNotContain("/");
    assertThat(http.get("/health/live").send().status()).isEqualTo(200);
  }

  @Test
  void detailsNeedAPlatformOperator() {
    assertThat(http.get("/api/v1/admin/health").send().status()).isEqualTo(401);
    String requester = server.createUser("requester").token();
    assertThat(http.get("/api/v1/admin/health").token(requester).send().status()).isEqualTo(403);

    Http.Response details = http.get("/api/v1/admin/health").token(server.adminToken()).send();
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.check("database").getJsonObject("data").containsKey("duration_ms")).isTrue();
    assertThat(details.check("object-storage").getJsonObject("data").getString("state"))
        .isEqualTo("up");
    assertThat(details.check("object-storage").getJsonObject("data").containsKey("store")).isTrue();
    assertThat(details.check("cache").getJsonObject("data").containsKey("rate_limits")).isTrue();
  }
}
