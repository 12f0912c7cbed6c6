package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.HttpVerticle;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Deployable;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract and the router agree: every operation of {@code openapi/wrench.yaml} is routed, and
 * the server routes nothing else except Swagger UI's own files ({@code /docs/init.js} and {@code
 * /docs/assets/*}).
 *
 * <p>Two ways of looking: from outside, by calling every documented operation (it must never be the
 * router's "no route" 404 or its 405) and undocumented methods and paths (they must be exactly
 * those); and from inside, by reading the route table of the real router of each deployed {@link
 * HttpVerticle}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractRoutesTest {

  private static final List<String> HTTP_METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** The router's own answer when no route matches the path (HttpVerticle's 404 error handler). */
  private static final String NO_ROUTE_DETAIL = "no such resource";

  /** Routes outside the contract that are allowed: Swagger UI's files. */
  private static final Set<String> SWAGGER_UI_ROUTES =
      Set.of("GET /docs/init.js", "GET /docs/assets/*");

  private WrenchServer server;
  private Http http;
  private String admin;
  private JsonObject contract;
  private final List<Operation> operations = new ArrayList<>();

  record Operation(String method, String path, String operationId) {
    String concretePath() {
      return path.replaceAll("\\{[^/}]+}", UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + operationId + ")";
    }
  }

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    // The raw document: OpenAPIContract.from would refuse its media types (problem+json, ...).
    contract =
        Http.await(
            io.vertx.openapi.impl.Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml"));
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String key : item.fieldNames()) {
        if (HTTP_METHODS.contains(key)) {
          operations.add(
              new Operation(
                  key.toUpperCase(Locale.ROOT),
                  path,
                  item.getJsonObject(key).getString("operationId")));
        }
      }
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Set<String> documentedMethods(String path) {
    return operations.stream()
        .filter(o -> o.path().equals(path))
        .map(Operation::method)
        .collect(Collectors.toSet());
  }

  private Set<String> documentedPaths() {
    return operations.stream()
        .map(Operation::path)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static String concrete(String path) {
    return path.replaceAll("\\{[^/}]+}", UUID.randomUUID().toString());
  }

  // ---------------------------------------------------------------- the contract itself

  @Test
  void theContractHasOperationsWithUniqueCamelCaseIds() {
    assertThat(operations).hasSizeGreaterThanOrEqualTo(20);
    List<String> ids = operations.stream().map(Operation::operationId).toList();
    assertThat(ids)
        .doesNotContainNull()
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("^[a-z][A-Za-z0-9]*$"));
    assertThat(ids)
        .contains(
            "listWorkOrders",
            "getWorkOrder",
            "createWorkOrder",
            "updateWorkOrder",
            "deleteWorkOrder");
  }

  @Test
  void theServedDocumentIsTheContractFile() throws Exception {
    Http.Response response = http.get("/openapi.yaml").send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/yaml");
    assertThat(response.body().toString())
        .isEqualTo(Files.readString(Path.of("openapi/wrench.yaml")));
  }

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
    // The same path with an id that is not a UUID is still routed (and refused by validation), not
    // unrouted.
    for (Operation operation : operations) {
      if (!operation.path().contains("{")) {
        continue;
      }
      Http.Call call =
          http.call(
                  HttpMethod.valueOf(operation.method()),
                  operation.path().replaceAll("\\{[^/}]+}", "not-a-uuid"))
              .token(admin);
      if (operation.method().equals("POST") || operation.method().equals("PATCH")) {
        call.json(new JsonObject().put("x", 1)).header("If-Match", "\"1\"");
      }
      Http.Response response = call.send();
      assertThat(response.status()).as("%s -> %s", operation, response).isEqualTo(400);
    }
  }

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

  // ---------------------------------------------------------------- from inside

  /**
   * The route table of the real routers (one per deployed HTTP verticle), read through the Vert.x
   * deployment manager and the verticle's HTTP server: exactly the documented operations and the
   * Swagger UI files. Routes without a path are the handler chains that run for every request
   * (request context, body, failures), not endpoints.
   */
  @Test
  void theRoutersRouteTableIsExactlyTheContract() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Operation operation : operations) {
      expected.add(operation.method() + " " + operation.path().replaceAll("\\{([^/}]+)}", ":$1"));
    }
    expected.addAll(SWAGGER_UI_ROUTES);

    List<Router> routers = routers();
    assertThat(routers).as("routers of the deployed HTTP verticles").hasSizeGreaterThanOrEqualTo(1);
    for (Router router : routers) {
      Set<String> actual = new TreeSet<>();
      for (Route route : router.getRoutes()) {
        if (route.getPath() == null) {
          assertThat(route.methods())
              .as("a route without a path runs for every request and method")
              .isNullOrEmpty();
          continue;
        }
        String path = route.getPath();
        boolean prefix =
            path.endsWith("/")
                && !route.isRegexPath()
                && SWAGGER_UI_ROUTES.contains("GET " + path + "*");
        assertThat(route.methods()).as("route %s must name its methods", path).isNotEmpty();
        for (HttpMethod method : route.methods()) {
          actual.add(method.name() + " " + (prefix ? path + "*" : path));
        }
      }
      assertThat(actual).isEqualTo(expected);
    }
  }

  /** The routers of every deployed {@link HttpVerticle}, from their running HTTP servers. */
  private List<Router> routers() throws ReflectiveOperationException {
    Field serverField;
    try {
      serverField = HttpVerticle.class.getDeclaredField("server");
    } catch (NoSuchFieldException e) {
      throw new AssertionError(
          "HttpVerticle no longer keeps its HttpServer in the field 'server': update this test", e);
    }
    serverField.setAccessible(true);
    List<Router> routers = new ArrayList<>();
    for (DeploymentContext deployment :
        ((VertxInternal) server.vertx()).deploymentManager().deployments()) {
      for (Deployable instance : deployment.deployment().instances()) {
        if (instance instanceof HttpVerticle verticle) {
          HttpServer httpServer = (HttpServer) serverField.get(verticle);
          assertThat(httpServer.requestHandler())
              .as("the request handler of the HTTP server")
              .isInstanceOf(Router.class);
          routers.add((Router) httpServer.requestHandler());
        }
      }
    }
    return routers;
  }
}
