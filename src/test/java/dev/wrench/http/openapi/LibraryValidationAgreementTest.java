package dev.wrench.http.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.Contract;
import dev.wrench.http.FailureHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RequestValidation} replaces the library's request validation (vertx-openapi's {@code
 * RequestValidator}, which the router runs with {@code setDoValidation(true)}) because it is about
 * ten times cheaper; this holds it against the library. Each request is validated both ways on the
 * same route, behind the same fixes ({@link RequestFixes}) and answered by the same {@link
 * FailureHandler}: both must accept it with the same validated values, or refuse it with the same
 * status, detail and field pointers. Where the hand validation is stricter on purpose (text that
 * PostgreSQL cannot store), the last test says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibraryValidationAgreementTest {

  private static final String VALIDATOR = "X-Validator";
  private static final String ID = "7d1e7a3c-9a43-4f44-8f39-2b1f6c3f1a10";
  private static final List<String> OPERATIONS =
      List.of("createWorkOrder", "listWorkOrders", "getWorkOrder", "updateWorkOrder");

  private Vertx vertx;
  private HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  /** One request; {@code expected} is the status both validators must give. */
  record Case(
      String name,
      String method,
      String uri,
      String contentType,
      String body,
      Map<String, String> headers,
      int expected) {

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void startRouter() throws Exception {
    vertx = Vertx.vertx();
    Contract contract = await(Contract.load(vertx));
    RequestValidator library = RequestValidator.create(vertx, contract.openApi());
    Router router = Router.router(vertx);
    for (String operationId : OPERATIONS) {
      Operation operation = contract.openApi().operation(operationId);
      RequestValidation ours =
          new RequestValidation(operation, contract.openApi().getSchemaRepository());
      router
          .route(
              operation.getHttpMethod(),
              operation.getOpenAPIPath().replaceAll("\\{([^}]+)}", ":$1"))
          .handler(BodyHandler.create(false))
          .handler(RequestFixes::mergePatchAsJson)
          .handler(RequestFixes::protectQueryFromSecondDecoding)
          .handler(
              ctx -> {
                if ("library".equals(ctx.request().getHeader(VALIDATOR))) {
                  validateAsTheRouterDoes(ctx, library, operation);
                } else {
                  ours.handle(ctx);
                }
              })
          .handler(LibraryValidationAgreementTest::echoValidated);
    }
    router.route().failureHandler(new FailureHandler());
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  /**
   * What vertx-web-openapi-router 5.0.7 runs for a route with {@code setDoValidation(true)}
   * (RouterBuilderImpl.createRouter): extract, validate, a 400 {@link HttpException} on a {@link
   * ValidatorException}. Done on a plain route because a RouterBuilder router would also need a
   * handler for every security scheme of the contract, which is not what is compared here.
   */
  private static void validateAsTheRouterDoes(
      RoutingContext ctx, RequestValidator library, Operation operation) {
    RequestExtractor.withBodyHandler()
        .extractValidatableRequest(ctx, operation)
        .compose(request -> library.validate(request, operation.getOperationId()))
        .onSuccess(
            validated -> {
              ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
              ctx.next();
            })
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof ValidatorException
                        ? new HttpException(400, e.getMessage(), e)
                        : e));
  }

  /** The validated request as the handlers would read it. */
  private static void echoValidated(RoutingContext ctx) {
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    JsonObject echo =
        new JsonObject()
            .put("path", values(validated.getPathParameters()))
            .put("query", values(validated.getQuery()))
            .put("headers", values(validated.getHeaders()))
            .put("body", validated.getBody() == null ? null : validated.getBody().get());
    ctx.response().putHeader("Content-Type", "application/json").end(echo.encode());
  }

  private static JsonObject values(Map<String, RequestParameter> parameters) {
    JsonObject values = new JsonObject();
    parameters.forEach((name, value) -> values.put(name, value == null ? null : value.get()));
    return values;
  }

  Stream<Case> requests() {
    String longTitle = "t".repeat(200);
    return Stream.of(
        // createWorkOrder: a body, and a header parameter.
        create("minimal body", "{\"title\":\"Replace filter\"}", 200),
        create(
            "every field",
            "{\"title\":\"t\",\"description\":null,\"priority\":\"high\",\"asset_id\":\""
                + ID
                + "\",\"assignee_id\":null,\"requester_id\":\""
                + ID
                + "\",\"due_at\":\"2026-12-01T17:00:00Z\"}",
            200),
        create("title at its longest", "{\"title\":\"" + longTitle + "\"}", 200),
        create("missing required title", "{\"priority\":\"low\"}", 400),
        create("title of the wrong type", "{\"title\":5}", 400),
        create("empty title", "{\"title\":\"\"}", 400),
        create("blank title (pattern)", "{\"title\":\"   \"}", 400),
        create("title too long", "{\"title\":\"" + longTitle + "x\"}", 400),
        create("priority out of its enum", "{\"title\":\"t\",\"priority\":\"urgent\"}", 400),
        create("extra property", "{\"title\":\"t\",\"colour\":\"red\"}", 400),
        create("uuid of a bad format", "{\"title\":\"t\",\"asset_id\":\"not-a-uuid\"}", 400),
        create("date-time of a bad format", "{\"title\":\"t\",\"due_at\":\"tomorrow\"}", 400),
        create("description of the wrong type", "{\"title\":\"t\",\"description\":42}", 400),
        create(
            "description too long",
            "{\"title\":\"t\",\"description\":\"" + "d".repeat(10_001) + "\"}",
            400),
        create("several errors at once", "{\"title\":7,\"priority\":\"x\",\"extra\":1}", 400),
        create("an array, not an object", "[{\"title\":\"t\"}]", 400),
        create("not JSON", "{\"title\":", 400),
        create("JSON with trailing content", "{\"title\":\"t\"} {}", 400),
        create("no body", "", 400),
        new Case(
            "a media type the operation does not take",
            "POST",
            "/api/v1/work-orders",
            "text/plain",
            "title",
            Map.of(),
            415),
        new Case(
            "a valid Idempotency-Key",
            "POST",
            "/api/v1/work-orders",
            "application/json",
            "{\"title\":\"t\"}",
            Map.of("Idempotency-Key", "key-1"),
            200),
        new Case(
            "an Idempotency-Key with a space (pattern)",
            "POST",
            "/api/v1/work-orders",
            "application/json",
            "{\"title\":\"t\"}",
            Map.of("Idempotency-Key", "key 1"),
            400),
        new Case(
            "an Idempotency-Key too long",
            "POST",
            "/api/v1/work-orders",
            "application/json",
            "{\"title\":\"t\"}",
            Map.of("Idempotency-Key", "k".repeat(256)),
            400),
        // listWorkOrders: query parameters of every kind.
        list("no parameter", "", 200),
        list(
            "every filter",
            "?limit=5&status=open&status=completed&priority=high,low"
                + "&assignee_id="
                + ID
                + "&q=pump&sort=-due_at&cursor=abc_DEF-1",
            200),
        list("a date-time with an encoded plus", "?due_before=2026-01-01T00:00:00%2B01:00", 200),
        list("a search with an encoded percent", "?q=100%25", 200),
        list("limit below its minimum", "?limit=0", 400),
        list("limit above its maximum", "?limit=101", 400),
        list("limit not a number", "?limit=abc", 400),
        list("limit not an integer", "?limit=1.5", 400),
        list("status out of its enum", "?status=closed", 400),
        list("priority out of its enum", "?priority=urgent", 400),
        list("sort out of its enum", "?sort=title", 400),
        list("empty search", "?q=", 400),
        list("search too long", "?q=" + "q".repeat(201), 400),
        list("date-time of a bad format", "?due_after=yesterday", 400),
        list("cursor of a bad pattern", "?cursor=a.b", 400),
        list("assignee not a uuid", "?assignee_id=42", 400),
        list("status given too many times", "?status=open" + "&status=open".repeat(5), 400),
        // getWorkOrder: a path parameter.
        get("a uuid id", ID, 200),
        get("an id that is not a uuid", "42", 400),
        // updateWorkOrder: a merge patch body, shown to the validator as JSON.
        patch("a status change", ID, "{\"status\":\"in_progress\"}", 200),
        patch("a field set to null", ID, "{\"description\":null}", 200),
        patch("an empty patch (minProperties)", ID, "{}", 400),
        patch("status out of its enum", ID, "{\"status\":\"done\"}", 400),
        patch("a field that cannot be patched", ID, "{\"number\":\"WO-000001\"}", 400),
        patch("a bad id and a good body", "nope", "{\"status\":\"open\"}", 400));
  }

  private static Case create(String name, String body, int expected) {
    return new Case(
        "createWorkOrder: " + name,
        "POST",
        "/api/v1/work-orders",
        "application/json",
        body,
        Map.of(),
        expected);
  }

  private static Case list(String name, String query, int expected) {
    return new Case(
        "listWorkOrders: " + name,
        "GET",
        "/api/v1/work-orders" + query,
        null,
        null,
        Map.of(),
        expected);
  }

  private static Case get(String name, String id, int expected) {
    return new Case(
        "getWorkOrder: " + name,
        "GET",
        "/api/v1/work-orders/" + id,
        null,
        null,
        Map.of(),
        expected);
  }

  private static Case patch(String name, String id, String body, int expected) {
    return new Case(
        "updateWorkOrder: " + name,
        "PATCH",
        "/api/v1/work-orders/" + id,
        "application/merge-patch+json",
        body,
        Map.of(),
        expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void theHandValidationAgreesWithTheLibrary(Case request) throws Exception {
    Answer library = send(request, "library");
    Answer ours = send(request, "ours");

    assertThat(library.status()).as("library: %s", library).isEqualTo(request.expected());
    assertThat(ours.status()).as("ours: %s", ours).isEqualTo(request.expected());
    if (request.expected() == 200) {
      assertThat(ours.body()).as("the validated request").isEqualTo(library.body());
    } else {
      assertThat(ours.body().getString("type")).isEqualTo(library.body().getString("type"));
      assertThat(ours.body().getString("detail")).isEqualTo(library.body().getString("detail"));
      assertThat(pointers(ours.body()))
          .as("fields pointed at, ours: %s, library: %s", ours, library)
          .isEqualTo(pointers(library.body()));
    }
  }

  @Test
  void theHandValidationAlsoRefusesTextTheDatabaseCannotStore() throws Exception {
    // In a body the library takes it; PostgreSQL would not.
    for (Case request :
        List.of(
            create("a NUL in a string", "{\"title\":\"a\\u0000b\"}", 400),
            create("an unpaired surrogate", "{\"title\":\"a\\ud800b\"}", 400))) {
      assertThat(send(request, "library").status()).as("library: " + request).isEqualTo(200);
      Answer ours = send(request, "ours");
      assertThat(ours.status()).as("ours: " + request).isEqualTo(400);
      assertThat(pointers(ours.body())).containsExactly("/title");
    }
    // In a query both refuse it, at the same field, each in its own words.
    Case query = list("a NUL in a query value", "?q=a%00b", 400);
    Answer library = send(query, "library");
    Answer ours = send(query, "ours");
    assertThat(library.status()).isEqualTo(400);
    assertThat(ours.status()).isEqualTo(400);
    assertThat(pointers(ours.body()))
        .isEqualTo(pointers(library.body()))
        .containsExactly("/query/q");
  }

  private record Answer(int status, JsonObject body) {}

  private Answer send(Case request, String validator) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + request.uri()))
            .timeout(java.time.Duration.ofSeconds(10))
            .header(VALIDATOR, validator)
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
    if (request.contentType() != null) {
      builder.header("Content-Type", request.contentType());
    }
    request.headers().forEach(builder::header);
    HttpResponse<String> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), new JsonObject(response.body()));
  }

  private static List<String> pointers(JsonObject problem) {
    return problem.getJsonArray("errors", new JsonArray()).stream()
        .map(error -> ((JsonObject) error).getString("pointer"))
        .sorted()
        .toList();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
