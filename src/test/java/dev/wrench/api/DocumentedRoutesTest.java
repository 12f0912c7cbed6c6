package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every documented operation is routed, seen from outside: calling it is never the router's "no
 * route" 404 or its 405, even with a malformed id.
 */
class DocumentedRoutesTest extends ContractRoutesFixture {

  // ---------------------------------------------------------------- from outside

  /** The oracle of the probes below: a missing resource and a missing route answer differently. */
  @Test
  void aMissingResourceIsNotTheRoutersNoRoute() {
    Http.Response missingResource =
        http.get("/api/v1/work-orders/" + UUID.randomUUID()).token(admin).send();
    assertThat(missingResource.status()).isEqualTo(404);
    assertThat(missingResource.json().getString("detail")).isEqualTo("work order not found");

    Http.Response missingRoute = http.get("/api/v1/no-such-collection").token(admin).send();
    assertThat(missingRoute.status()).isEqualTo(404);
    assertThat(missingRoute.header("Content-Type")).startsWith("application/problem+json");
    assertThat(missingRoute.json().getString("type")).isEqualTo("/problems/not-found");
    assertThat(missingRoute.json().getString("detail")).isEqualTo(NO_ROUTE_DETAIL);

    Http.Response wrongMethod =
        http.call(HttpMethod.PUT, "/api/v1/work-orders").token(admin).send();
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().getString("type")).isEqualTo("/problems/method-not-allowed");
  }

  @Test
  void everyDocumentedOperationHasARoute() {
    SoftAssertions softly = new SoftAssertions();
    for (Operation operation : operations) {
      Http.Call call = http.call(HttpMethod.valueOf(operation.method()), operation.concretePath());
      if (!operation.path().equals("/oauth/token")) {
        call.token(admin);
      }
      if (operation.method().equals("POST") || operation.method().equals("PATCH")) {
        // An empty object: every create and change refuses it, so the probe changes nothing.
        call.json(new JsonObject());
      }
      if (operation.method().equals("PATCH")) {
        call.header("If-Match", "\"1\"");
      }
      Http.Response response = call.send();
      softly
          .assertThat(response.status())
          .as("%s -> %s", operation, response)
          .isNotEqualTo(405)
          .isLessThan(500);
      if (response.status() == 404) {
        softly
            .assertThat(response.json().getString("detail"))
            .as("%s -> %s", operation, response)
            .isNotEqualTo(NO_ROUTE_DETAIL);
      }
    }
    softly.assertAll();
  }

  @Test
  void aMalformedIdIsRefusedByItsRouteNotUnrouted() {
    // The same path with a parameter that is neither a UUID nor a slug is still routed (and
    // refused by validation), not unrouted.
    for (Operation operation : operations) {
      if (!operation.path().contains("{")) {
        continue;
      }
      Http.Call call =
          http.call(
                  HttpMethod.valueOf(operation.method()),
                  operation.path().replaceAll("\\{[^/}]+}", "not_a_uuid"))
              .token(admin);
      if (operation.method().equals("POST") || operation.method().equals("PATCH")) {
        call.json(new JsonObject().put("x", 1)).header("If-Match", "\"1\"");
      }
      Http.Response response = call.send();
      assertThat(response.status()).as("%s -> %s", operation, response).isEqualTo(400);
    }
  }
}
