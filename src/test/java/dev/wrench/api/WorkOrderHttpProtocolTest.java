package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The HTTP protocol around work orders: headers, tokens, validation and the error statuses. */
class WorkOrderHttpProtocolTest extends AbstractWorkOrderApiTest {

  @Test
  void everyResponseCarriesRequestIdAndSecurityHeaders() {
    Http.Response response =
        http.get("/api/v1/work-orders").token(admin).header("X-Request-Id", "abc-123").send();
    assertThat(response.header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(response.header("Strict-Transport-Security")).contains("max-age");
    assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");

    Http.Response insane =
        http.get("/api/v1/nothing-here").header("X-Request-Id", "bad id\twith spaces").send();
    assertThat(insane.header("X-Request-Id")).isNotEqualTo("bad id\twith spaces").isNotBlank();
    assertThat(insane.json().getString("request_id")).isEqualTo(insane.header("X-Request-Id"));
  }

  @Test
  void invalidBodyIs400ProblemWithPointersAndChangesNothing() {
    int before = http.get("/api/v1/work-orders?limit=100").token(admin).send().items().size();
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "").put("priority", "urgent").put("unknown", 1))
            .send();
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.json();
    assertThat(problem.getString("type")).isEqualTo("/problems/validation");
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getString("instance")).isEqualTo("/api/v1/work-orders");
    List<String> pointers =
        problem.getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("pointer"))
            .toList();
    assertThat(pointers).contains("/title", "/priority", "/unknown");
    assertThat(http.get("/api/v1/work-orders?limit=100").token(admin).send().items())
        .hasSize(before);
  }

  @Test
  void malformedJsonIs400AndWrongContentTypeIs415() {
    Http.Response malformed =
        http.post("/api/v1/work-orders").token(admin).raw("application/json", "{\"title\":").send();
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("type")).isEqualTo("/problems/validation");
    Http.Response text =
        http.post("/api/v1/work-orders").token(admin).raw("text/plain", "title").send();
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().getString("type")).isEqualTo("/problems/unsupported-media-type");
  }

  @Test
  void oversizedBodyIs413() {
    String huge = "x".repeat(1_100_000);
    Http.Response response =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "big").put("description", huge))
            .send();
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().getString("type")).isEqualTo("/problems/payload-too-large");
  }

  @Test
  void aTooLargeBodyEndsItsConnectionAndTheNextRequestIsAnswered() {
    String huge = "x".repeat(1_100_000);
    Http.Response refused =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "big").put("description", huge))
            .send();
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
    assertThat(http.get("/api/v1/work-orders").token(admin).send().status()).isEqualTo(200);
  }

  @Test
  void missingOrBadTokenIs401WithWwwAuthenticate() {
    Http.Response none = http.get("/api/v1/work-orders").send();
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json().getString("type")).isEqualTo("/problems/unauthorized");
    String tampered = admin.substring(0, admin.length() - 4) + "AAAA";
    assertThat(http.get("/api/v1/work-orders").token(tampered).send().status()).isEqualTo(401);
    assertThat(http.get("/api/v1/work-orders").token("not.a.jwt").send().status()).isEqualTo(401);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    Http.Response missing = http.get("/api/v1/nope").token(admin).send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("type")).isEqualTo("/problems/not-found");
    Http.Response method =
        http.call(io.vertx.core.http.HttpMethod.PUT, "/api/v1/work-orders")
            .token(admin)
            .json("{}")
            .send();
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().getString("type")).isEqualTo("/problems/method-not-allowed");
  }

  @Test
  void unknownWorkOrderIs404() {
    Http.Response response =
        http.get("/api/v1/work-orders/" + UUID.randomUUID()).token(admin).send();
    assertThat(response.status()).isEqualTo(404);
    assertThat(http.get("/api/v1/work-orders/not-a-uuid").token(admin).send().status())
        .isEqualTo(400);
  }

  @Test
  void anAcceptHeaderThatRefusesJsonIs406() {
    Http.Response html =
        http.get("/api/v1/work-orders").token(admin).header("Accept", "text/html").send();
    assertThat(html.status()).isEqualTo(406);
    assertThat(html.json().getString("type")).isEqualTo("/problems/not-acceptable");
    Http.Response refused =
        http.get("/api/v1/work-orders")
            .token(admin)
            .header("Accept", "application/json;q=0, text/*")
            .send();
    assertThat(refused.status()).isEqualTo(406);
    assertThat(
            http.get("/api/v1/work-orders")
                .token(admin)
                .header("Accept", "application/*")
                .send()
                .status())
        .isEqualTo(200);
    assertThat(
            http.get("/api/v1/work-orders")
                .token(admin)
                .header("Accept", "text/html, application/json;q=0.5")
                .send()
                .status())
        .isEqualTo(200);
  }
}
