package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** CORS: only the configured origins, none by default. */
class CorsTest {

  private static final String APP = "https://app.example.com";

  private static Http.Response preflight(Http http, String origin) {
    return http.call(HttpMethod.OPTIONS, "/api/v1/work-orders")
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
        .send();
  }

  @Test
  void anAllowedOriginPassesThePreflightAndSeesTheHeaders() {
    JsonObject config =
        new JsonObject()
            .put(
                "http",
                new JsonObject()
                    .put(
                        "cors",
                        new JsonObject()
                            .put("allowed_origins", new JsonArray().add(APP))
                            .put("max_age_seconds", 120)));
    try (WrenchServer server = WrenchServer.start(config)) {
      Http http = server.http();
      Http.Response allowed = preflight(http, APP);
      assertThat(allowed.status()).as(allowed.toString()).isBetween(200, 204);
      assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
      assertThat(allowed.header("Access-Control-Allow-Headers").toLowerCase())
          .contains("authorization")
          .contains("content-type")
          .contains("idempotency-key");
      assertThat(allowed.header("Access-Control-Max-Age")).isEqualTo("120");

      Http.Response get =
          http.get("/api/v1/work-orders").header("Origin", APP).token(server.adminToken()).send();
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(get.header("Access-Control-Expose-Headers")).contains("ETag");

      Http.Response refused = preflight(http, "https://evil.example");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
      Http.Response refusedGet =
          http.get("/api/v1/work-orders")
              .header("Origin", "https://evil.example")
              .token(server.adminToken())
              .send();
      assertThat(refusedGet.status()).isEqualTo(403);
      assertThat(refusedGet.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  void withoutAnAllowListNoOriginGetsCorsHeaders() {
    try (WrenchServer server = WrenchServer.start()) {
      Http.Response preflight = preflight(server.http(), APP);
      assertThat(preflight.status()).isGreaterThanOrEqualTo(400);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
      Http.Response get =
          server
              .http()
              .get("/api/v1/work-orders")
              .header("Origin", APP)
              .token(server.adminToken())
              .send();
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.header("Access-Control-Allow-Origin")).isNull();
    }
  }
}
