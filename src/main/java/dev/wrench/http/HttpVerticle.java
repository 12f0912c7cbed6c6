package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.Permissions;
import dev.wrench.auth.TokenService;
import dev.wrench.auth.VerifiedTokens;
import dev.wrench.bus.Addresses;
import dev.wrench.cache.CacheClient;
import dev.wrench.cache.CacheKind;
import dev.wrench.ratelimit.LocalRateLimiter;
import dev.wrench.ratelimit.ProcessLimits;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import dev.wrench.ratelimit.SharedRateLimiter;
import dev.wrench.workorder.WorkOrderRules;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP edge, deployed once per event loop: builds the router from the contract (every request
 * validated before a handler sees it), authenticates, authorizes by the permission matrix, and
 * hands each operation to its handler, which speaks to the database verticle over the event bus.
 *
 * <p>Config: {@code {host, port, body_limit_bytes, token_cache_size, bus_timeout_ms,
 * password_iterations, auth: {issuer, audience, access_token_ttl_seconds}, keys: {kid, private_pem,
 * public_pem}, rate_limit: {per_minute, anonymous_per_minute, window_seconds, routes, roles,
 * clients, shared, timeout_ms}, cache: {enabled, timeout_ms}}}. {@code keys} arrive already read:
 * no file I/O on the event loop. With {@code rate_limit.shared} the limits are kept in Redis by the
 * cache verticle, else in this process.
 */
public final class HttpVerticle extends VerticleBase {

  /** Where the bound port is published (shared local map "wrench", key "http.port"). */
  public static final String RUNTIME_MAP = "wrench";

  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    return Contract.load(vertx)
        .compose(
            contract -> {
              Router router = buildRouter(contract, config);
              server =
                  vertx.createHttpServer(
                      new HttpServerOptions()
                          .setHost(config.getString("host", "0.0.0.0"))
                          .setPort(config.getInteger("port", 8080))
                          .setMaxHeaderSize(16 * 1024)
                          .setMaxInitialLineLength(8 * 1024));
              return server
                  .requestHandler(router)
                  .invalidRequestHandler(HttpVerticle::invalidRequest)
                  .listen();
            })
        .onSuccess(
            s -> vertx.sharedData().getLocalMap(RUNTIME_MAP).put("http.port", s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private Router buildRouter(Contract contract, JsonObject config) {
    Permissions permissions = Permissions.from(contract.openApi());
    JsonObject auth = config.getJsonObject("auth");
    JsonObject keys = config.getJsonObject("keys");
    TokenService tokens =
        new TokenService(
            vertx,
            keys.getString("kid"),
            keys.getString("private_pem"),
            keys.getString("public_pem"),
            auth.getString("issuer"),
            auth.getString("audience"),
            auth.getInteger("access_token_ttl_seconds"));
    PasswordHasher hasher = new PasswordHasher(config.getInteger("password_iterations"));
    long busTimeout = config.getLong("bus_timeout_ms", 10_000L);
    JsonObject cacheConfig = config.getJsonObject("cache", new JsonObject());
    CacheClient cache =
        new CacheClient(
            vertx.eventBus(),
            cacheConfig.getBoolean("enabled", false),
            cacheConfig.getLong("timeout_ms", 3_000L));
    ApiHandlers api = new ApiHandlers(vertx.eventBus(), busTimeout, cache);
    VerifiedTokens verified =
        new VerifiedTokens(tokens, config.getInteger("token_cache_size", 10_000));
    JsonObject rateLimits = config.getJsonObject("rate_limit");
    RateLimitPolicy policy = new RateLimitPolicy(rateLimits);
    RateLimiter limiter = rateLimiter(rateLimits, policy);
    HealthRoutes health = new HealthRoutes(vertx, limiter);
    DocsRoutes docs = new DocsRoutes(contract.document());

    RouterBuilder builder =
        RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
    builder.rootHandler(new RequestContextHandler());
    builder.rootHandler(
        new RateLimitHandler(policy, limiter, verified, limitedRoutes(contract, policy)));
    builder.rootHandler(new MalformedRequestHandler());
    builder.rootHandler(
        BodyHandler.create(false).setBodyLimit(config.getLong("body_limit_bytes", 1_048_576L)));
    builder.rootHandler(HttpVerticle::mergePatchAsJson);
    builder.rootHandler(HttpVerticle::protectQueryFromSecondDecoding);
    builder.security("bearerAuth").httpHandler(new BearerTokenHandler(verified, permissions));

    Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
    handlers.put("issueToken", new TokenEndpoint(vertx, tokens, hasher, busTimeout));
    handlers.put("getJwks", ctx -> ApiHandlers.json(ctx, 200, jwks(keys)));
    handlers.put("getLiveness", health.liveness());
    handlers.put("getReadiness", health.readiness());
    handlers.put("getOpenApiDocument", docs::openApiDocument);
    handlers.put("getApiDocs", docs::page);

    handlers.put("listWorkOrders", api.list(Addresses.WORK_ORDERS_LIST));
    handlers.put(
        "createWorkOrder", api.create(Addresses.WORK_ORDERS_CREATE, ApiHandlers.Location.child()));
    handlers.put(
        "getWorkOrder",
        api.cachedGet(
            Addresses.WORK_ORDERS_GET,
            CacheKind.WORK_ORDERS,
            "work order",
            (actor, row) ->
                WorkOrderRules.mayRead(
                    actor.role(), actor.userId().toString(), row.getString("requester_id"))));
    handlers.put("updateWorkOrder", api.patch(Addresses.WORK_ORDERS_PATCH, CacheKind.WORK_ORDERS));
    handlers.put(
        "deleteWorkOrder", api.delete(Addresses.WORK_ORDERS_DELETE, CacheKind.WORK_ORDERS));
    handlers.put("listWorkOrderHistory", api.subList(Addresses.WORK_ORDER_HISTORY_LIST));
    handlers.put("listWorkOrderComments", api.subList(Addresses.WORK_ORDER_COMMENTS_LIST));
    handlers.put(
        "createWorkOrderComment",
        api.create(Addresses.WORK_ORDER_COMMENTS_CREATE, ApiHandlers.Location.collection()));

    handlers.put("listAssets", api.list(Addresses.ASSETS_LIST));
    handlers.put("createAsset", api.create(Addresses.ASSETS_CREATE, ApiHandlers.Location.child()));
    // Assets and technicians have no row rules: whoever may call the operation sees every row.
    handlers.put(
        "getAsset",
        api.cachedGet(Addresses.ASSETS_GET, CacheKind.ASSETS, "asset", (actor, row) -> true));
    handlers.put("updateAsset", api.patch(Addresses.ASSETS_PATCH, CacheKind.ASSETS));
    handlers.put("deleteAsset", api.delete(Addresses.ASSETS_DELETE, CacheKind.ASSETS));

    handlers.put("listTechnicians", api.list(Addresses.TECHNICIANS_LIST));
    handlers.put(
        "createTechnician", api.create(Addresses.TECHNICIANS_CREATE, ApiHandlers.Location.child()));
    handlers.put(
        "getTechnician",
        api.cachedGet(
            Addresses.TECHNICIANS_GET, CacheKind.TECHNICIANS, "technician", (actor, row) -> true));
    handlers.put("updateTechnician", api.patch(Addresses.TECHNICIANS_PATCH, CacheKind.TECHNICIANS));
    handlers.put(
        "deleteTechnician", api.delete(Addresses.TECHNICIANS_DELETE, CacheKind.TECHNICIANS));

    handlers.put("listUsers", api.list(Addresses.USERS_LIST));
    handlers.put("getUser", api.get(Addresses.USERS_GET));
    // The password is hashed here, on a worker, so that it never travels the bus.
    handlers.put(
        "createUser",
        api.create(
            Addresses.USERS_CREATE,
            ApiHandlers.Location.child(),
            body ->
                body.compose(
                    original ->
                        vertx.executeBlocking(
                            () -> {
                              JsonObject prepared = original.copy();
                              String password = (String) prepared.remove("password");
                              return prepared.put("password_hash", hasher.hash(password));
                            },
                            false))));

    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      Handler<RoutingContext> handler = handlers.get(operationId);
      if (handler == null) {
        throw new IllegalStateException("no handler for operation " + operationId);
      }
      // The router's own validation is replaced by RequestValidation (same rules, a fraction of the
      // cost); operations whose body the handler reads itself skip it.
      route.setDoValidation(false);
      if (!contract.handValidated().contains(operationId)) {
        route.addHandler(
            new RequestValidation(route.getOperation(), contract.openApi().getSchemaRepository()));
      }
      route
          .addHandler(
              new OperationGuard(
                  route.getOperation(),
                  permissions,
                  contract.produces().getOrDefault(operationId, java.util.Set.of())))
          .addHandler(handler);
    }

    Router router = builder.createRouter();
    docs.mountAssets(router);
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, ctx -> Problems.send(ctx, 404, "not-found", "no such resource", null));
    Map<java.util.regex.Pattern, String> allowed = allowedMethods(contract);
    router.errorHandler(
        405,
        ctx -> {
          allowed.entrySet().stream()
              .filter(e -> e.getKey().matcher(ctx.request().path()).matches())
              .findFirst()
              .ifPresent(e -> ctx.response().putHeader("Allow", e.getValue()));
          Problems.send(
              ctx, 405, "method-not-allowed", "this method is not allowed on this resource", null);
        });
    // A path that cannot be decoded (a bad percent escape) fails in the router itself, before any
    // route and its failure handler.
    router.errorHandler(
        400,
        ctx ->
            Problems.send(
                ctx,
                400,
                "validation",
                "the request path is malformed",
                Problems.fieldError("/path", "is not a well-formed path")));
    router.errorHandler(500, failures);
    return router;
  }

  /**
   * What Vert.x cannot parse as HTTP never reaches the router: a request line or headers over the
   * limits (414, 431) or a malformed request. They are answered as problems too, then the
   * connection is closed (what follows on it cannot be trusted to be a request boundary).
   */
  static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String slug;
    String detail;
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      status = 414;
      slug = "uri-too-long";
      detail = "the request line is too long";
    } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      status = 431;
      slug = "header-fields-too-large";
      detail = "the request headers are too large";
    } else {
      status = 400;
      slug = "validation";
      detail = "the request is not well-formed HTTP";
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", Problems.CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(Problems.problem(status, slug, detail, null, null).encode());
  }

  /**
   * Shared limits through the cache verticle (Redis) when configured, else this process's windows;
   * both fall back to, or are, one set of windows for every HTTP verticle of the process.
   */
  private RateLimiter rateLimiter(JsonObject config, RateLimitPolicy policy) {
    LocalMap<String, Object> runtime = vertx.sharedData().getLocalMap(RUNTIME_MAP);
    ProcessLimits process = ProcessLimits.of(runtime);
    if (!config.getBoolean("shared", false)) {
      return new LocalRateLimiter(process, policy.windowMillis());
    }
    return new SharedRateLimiter(
        vertx.eventBus(), config.getLong("timeout_ms", 500L), process, policy.windowMillis());
  }

  /** The routes of the operations with a budget of their own; each must exist in the contract. */
  private static List<RateLimitHandler.Route> limitedRoutes(
      Contract contract, RateLimitPolicy policy) {
    List<RateLimitHandler.Route> routes = new ArrayList<>();
    for (String operationId : policy.routeOperations()) {
      io.vertx.openapi.contract.Operation operation = contract.openApi().operation(operationId);
      if (operation == null) {
        throw new IllegalStateException(
            "rate_limit.routes." + operationId + " is not an operationId of " + Contract.PATH);
      }
      String regex = "^" + operation.getOpenAPIPath().replaceAll("\\{[^}]+}", "[^/]+") + "$";
      routes.add(
          new RateLimitHandler.Route(
              operation.getHttpMethod(), java.util.regex.Pattern.compile(regex), operationId));
    }
    return routes;
  }

  /**
   * JSON merge patch bodies are JSON; the validator of vertx-openapi 5.0.x knows only {@code
   * application/json}, so it is shown that type.
   */
  private static void mergePatchAsJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("application/merge-patch+json")) {
      ctx.request().headers().set("Content-Type", "application/json");
    }
    ctx.next();
  }

  /**
   * Path pattern → the methods the contract lists for it, for the {@code Allow} header of a 405.
   */
  private static Map<java.util.regex.Pattern, String> allowedMethods(Contract contract) {
    Map<java.util.regex.Pattern, String> allowed = new java.util.LinkedHashMap<>();
    for (io.vertx.openapi.contract.Path path : contract.openApi().getPaths()) {
      String regex = "^" + path.getName().replaceAll("\\{[^}]+}", "[^/]+") + "$";
      allowed.put(
          java.util.regex.Pattern.compile(regex),
          String.join(
              ", ",
              path.getOperations().stream().map(o -> o.getHttpMethod().name()).sorted().toList()));
    }
    return allowed;
  }

  /**
   * vertx-openapi 5.0.7 URL-decodes query values that Vert.x has already decoded, so a "+" or "%"
   * sent percent-encoded (a date-time with "+01:00", a search for "100%") would be decoded twice.
   * Escaping them once more here makes the second decoding give the client's value.
   */
  private static void protectQueryFromSecondDecoding(RoutingContext ctx) {
    io.vertx.core.MultiMap params = ctx.request().params();
    for (String name : new java.util.ArrayList<>(params.names())) {
      java.util.List<String> values = params.getAll(name);
      if (values.stream().anyMatch(v -> v.indexOf('%') >= 0 || v.indexOf('+') >= 0)) {
        params.remove(name);
        values.forEach(v -> params.add(name, v.replace("%", "%25").replace("+", "%2B")));
      }
    }
    ctx.next();
  }

  private static JsonObject jwks(JsonObject keys) {
    return new JsonObject(keys.getString("jwks"));
  }
}
