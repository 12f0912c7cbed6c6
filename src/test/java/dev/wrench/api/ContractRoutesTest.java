package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.DrainAwareRequests;
import dev.wrench.http.HttpVerticle;
import dev.wrench.support.Http;
import io.vertx.core.Deployable;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The contract and the router agree, seen from inside: the contract's operations are well named,
 * the served document is the contract file, and the route table of the real router of each deployed
 * {@link HttpVerticle} is exactly the contract's operations and Swagger UI's own files ({@code
 * /docs/init.js} and {@code /docs/assets/*}).
 */
class ContractRoutesTest extends ContractRoutesFixture {

  /** Routes outside the contract that are allowed: Swagger UI's files. */
  private static final Set<String> SWAGGER_UI_ROUTES =
      Set.of("GET /docs/init.js", "GET /docs/assets/*");

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
  @SuppressWarnings("unchecked")
  void theServedDocumentIsTheContractFileWithARelativeServer() throws Exception {
    Http.Response response = http.get("/openapi.yaml").send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/yaml");
    Map<String, Object> served = new Yaml().load(response.body().toString());
    Map<String, Object> file = new Yaml().load(Files.readString(Path.of("openapi/wrench.yaml")));
    // "Try it out" calls the instance that served the page, on whatever host and port.
    assertThat((List<Map<String, Object>>) served.remove("servers"))
        .singleElement()
        .satisfies(server -> assertThat(server.get("url")).isEqualTo("/"));
    assertThat((List<Map<String, Object>>) file.remove("servers"))
        .singleElement()
        .satisfies(server -> assertThat((String) server.get("url")).startsWith("http"));
    assertThat(served).isEqualTo(file);
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
              .isInstanceOf(DrainAwareRequests.class);
          routers.add(((DrainAwareRequests) httpServer.requestHandler()).router());
        }
      }
    }
    return routers;
  }
}
