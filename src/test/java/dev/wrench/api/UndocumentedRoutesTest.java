package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The server routes nothing the contract does not document, seen from outside: undocumented methods
 * are 405 naming the allowed ones, undocumented paths are the router's 404, and Swagger UI's own
 * files ({@code /docs/init.js} and {@code /docs/assets/*}) are the only exception.
 */
class UndocumentedRoutesTest extends ContractRoutesFixture {

  @Test
  void undocumentedMethodsOnDocumentedPathsAre405() {
    SoftAssertions softly = new SoftAssertions();
    List<String> probed = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");
    for (String path : documentedPaths()) {
      Set<String> allowed = documentedMethods(path);
      for (String method : probed) {
        if (allowed.contains(method)) {
          continue;
        }
        Http.Response response =
            http.call(HttpMethod.valueOf(method), concrete(path)).token(admin).send();
        softly
            .assertThat(response.status())
            .as("%s %s -> %s", method, path, response)
            .isEqualTo(405);
        if (response.status() == 405) {
          softly
              .assertThat(response.header("Content-Type"))
              .as("%s %s", method, path)
              .startsWith("application/problem+json");
          softly
              .assertThat(response.json().getString("type"))
              .as("%s %s", method, path)
              .isEqualTo("/problems/method-not-allowed");
        }
      }
    }
    softly.assertAll();
  }

  /**
   * RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405 response".
   */
  @Test
  void a405NamesTheAllowedMethods() {
    SoftAssertions softly = new SoftAssertions();
    for (String path : documentedPaths()) {
      Http.Response response = http.call(HttpMethod.PUT, concrete(path)).token(admin).send();
      assertThat(response.status()).isEqualTo(405);
      String allow = response.header("Allow");
      softly.assertThat(allow).as("Allow of PUT %s", path).isNotNull();
      if (allow != null) {
        Set<String> listed =
            Pattern.compile("\\s*,\\s*").splitAsStream(allow.trim()).collect(Collectors.toSet());
        softly.assertThat(listed).as("Allow of PUT %s", path).containsAll(documentedMethods(path));
      }
    }
    softly.assertAll();
  }

  @Test
  void undocumentedPathsAre404NoSuchResource() {
    String id = UUID.randomUUID().toString();
    List<String> undocumented =
        List.of(
            "/",
            "/api",
            "/api/v1",
            "/api/v2/work-orders",
            "/health",
            "/openapi.json",
            "/swagger-ui.html",
            "/docs/other",
            "/docs/init",
            "/.well-known/openid-configuration",
            "/oauth/authorize",
            "/api/v1/attachments/" + id + "/thumbnail",
            "/api/v1/me",
            "/api/v1/work-orders/" + id + "/attachments/" + id,
            "/api/v1/work-orders/" + id + "/comments/" + id,
            "/api/v1/work-orders/" + id + "/history/1",
            "/api/v1/work-orders/" + id + "/" + id,
            "/api/v1/assets/" + id + "/work-orders",
            "/api/v1/technicians/" + id + "/skills",
            "/api/v1/users/" + id + "/password",
            "/API/V1/WORK-ORDERS",
            "/api/v1/work-order");
    SoftAssertions softly = new SoftAssertions();
    for (String path : undocumented) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)) {
        Http.Response response = http.call(method, path).token(admin).send();
        softly
            .assertThat(response.status())
            .as("%s %s -> %s", method, path, response)
            .isEqualTo(404);
        if (response.status() == 404) {
          softly
              .assertThat(response.header("Content-Type"))
              .as("%s %s", method, path)
              .startsWith("application/problem+json");
          softly
              .assertThat(response.json().getString("detail"))
              .as("%s %s", method, path)
              .isEqualTo(NO_ROUTE_DETAIL);
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void swaggerUiFilesAreTheOnlyRoutesOutsideTheContract() {
    Http.Response init = http.get("/docs/init.js").send();
    assertThat(init.status()).isEqualTo(200);
    assertThat(init.header("Content-Type")).startsWith("text/javascript");
    assertThat(init.body().toString()).contains("/openapi.yaml");
    for (String asset :
        List.of("/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js")) {
      Http.Response response = http.get(asset).send();
      assertThat(response.status()).as(asset).isEqualTo(200);
      assertThat(response.body().length()).as(asset).isGreaterThan(1000);
    }
    // The page refers to exactly these files.
    String page = http.get("/docs").send().body().toString();
    assertThat(page)
        .contains(
            "/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js", "/docs/init.js");
    // A missing asset is the router's 404, and the files are read-only.
    Http.Response missing = http.get("/docs/assets/no-such-file.js").send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("detail")).isEqualTo(NO_ROUTE_DETAIL);
    assertThat(http.post("/docs/init.js").send().status()).isEqualTo(405);
    assertThat(http.delete("/docs/assets/swagger-ui.css").send().status()).isEqualTo(405);
  }
}
