package dev.wrench.http;

import dev.wrench.auth.ApiKeyPrincipals;
import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.Permissions;
import dev.wrench.auth.TokenService;
import dev.wrench.auth.VerifiedTokens;
import dev.wrench.cache.CacheClient;
import dev.wrench.http.openapi.AllowedMethods;
import dev.wrench.http.openapi.RequestFixes;
import dev.wrench.http.openapi.RequestValidation;
import dev.wrench.metrics.Metrics;
import dev.wrench.ratelimit.LocalRateLimiter;
import dev.wrench.ratelimit.ProcessLimits;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import dev.wrench.ratelimit.SharedRateLimiter;
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
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP edge, deployed once per event loop: builds the router from the contract (every request
 * validated before a handler sees it), authenticates, authorizes by the permission matrix, and
 * hands each operation to its handler, which speaks to the database verticle over the event bus.
 *
 * <p>Config: {@code {host, port, body_limit_bytes, token_cache_size, bus_timeout_ms,
 * password_iterations, auth: {issuer, audience, access_token_ttl_seconds}, keys: {kid, private_pem,
 * public_pem, trusted: [{kid, public_pem}], jwks}, rate_limit: {per_minute, anonymous_per_minute,
 * window_seconds, routes, roles, clients, shared, timeout_ms}, cache: {enabled, timeout_ms}}}.
 * {@code keys} arrive already read: no file I/O on the event loop. With {@code rate_limit.shared}
 * the limits are kept in Redis by the cache verticle, else in this process.
 */
public final class HttpVerticle extends VerticleBase {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpVerticle.class);

  /** Where the bound port is published (shared local map "wrench", key "http.port"). */
  public static final String RUNTIME_MAP = "wrench";

  /** Set in {@link #RUNTIME_MAP} when the process shuts down: readiness answers 503 from then. */
  public static final String DRAINING = "draining";

  private HttpServer server;
  private RouteContext routes;

  /** The contract document, read once by the deployer; this instance's own copy. */
  private final Contract.Source source;

  /** Binds the features' handlers (each feature's {@code routes}); the verticle knows none. */
  private final Consumer<RouteContext> features;

  public HttpVerticle(Contract.Source source, Consumer<RouteContext> features) {
    this.source = source;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    return Contract.from(vertx, source)
        .compose(
            contract -> {
              Router router = buildRouter(contract, config);
              return routes.prepared().map(router);
            })
        .compose(
            router -> {
              server =
                  vertx.createHttpServer(
                      new HttpServerOptions()
                          .setHost(config.getString("host", "0.0.0.0"))
                          .setPort(config.getInteger("port", 8080))
                          .setMaxHeaderSize(16 * 1024)
                          .setMaxInitialLineLength(8 * 1024));
              return server
                  .requestHandler(router)
                  .invalidRequestHandler(FailureHandler::invalidRequest)
                  .listen();
            })
        .onSuccess(
            s -> vertx.sharedData().getLocalMap(RUNTIME_MAP).put("http.port", s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    // Graceful: no new connection, requests in flight finish (up to the grace period), idle
    // keep-alive connections close at once.
    Future<Void> closed =
        server == null
            ? Future.succeededFuture()
            : server.shutdown(
                config().getLong("shutdown_grace_ms", 30_000L), TimeUnit.MILLISECONDS);
    return closed.eventually(() -> routes == null ? Future.succeededFuture() : routes.stop());
  }

  private Router buildRouter(Contract contract, JsonObject config) {
    Permissions permissions = Permissions.from(contract.openApi());
    JsonObject auth = config.getJsonObject("auth");
    JsonObject keys = config.getJsonObject("keys");
    List<TokenService.Key> trusted = new ArrayList<>();
    for (Object key : keys.getJsonArray("trusted", new io.vertx.core.json.JsonArray())) {
      JsonObject json = (JsonObject) key;
      trusted.add(new TokenService.Key(json.getString("kid"), null, json.getString("public_pem")));
    }
    TokenService tokens =
        new TokenService(
            vertx,
            new TokenService.Key(
                keys.getString("kid"), keys.getString("private_pem"), keys.getString("public_pem")),
            trusted,
            auth.getString("issuer"),
            auth.getString("audience"),
            auth.getInteger("access_token_ttl_seconds"));
    JsonObject external = auth.getJsonObject("external");
    if (external != null) {
      tokens.withExternal(
          new ExternalIdentityProvider(
              vertx, ExternalIdentityProvider.Settings.fromJson(external)));
    }
    PasswordHasher hasher = new PasswordHasher(config.getInteger("password_iterations"));
    long busTimeout = config.getLong("bus_timeout_ms", 10_000L);
    JsonObject cacheConfig = config.getJsonObject("cache", new JsonObject());
    CacheClient cache =
        new CacheClient(
            vertx.eventBus(),
            cacheConfig.getBoolean("enabled", false),
            cacheConfig.getLong("timeout_ms", 3_000L));
    ApiHandlers api = new ApiHandlers(cache);
    VerifiedTokens verified =
        new VerifiedTokens(
            tokens,
            config.getInteger("token_cache_size", 10_000),
            ApiKeyPrincipals.of(
                vertx.sharedData().getLocalMap(RUNTIME_MAP),
                config.getInteger("token_cache_size", 10_000)));
    JsonObject rateLimits = config.getJsonObject("rate_limit");
    RateLimitPolicy policy = new RateLimitPolicy(rateLimits);
    RateLimiter limiter = rateLimiter(rateLimits, policy);
    AuditLog audit = new AuditLog(vertx.eventBus(), busTimeout);
    routes = new RouteContext(vertx, config, api, busTimeout, tokens, hasher, audit);
    HealthRoutes health = new HealthRoutes(vertx, limiter, routes);
    DocsRoutes docs = new DocsRoutes(contract.document());

    RouterBuilder builder =
        RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
    builder.rootHandler(new RequestContextHandler(new RouteTemplates(contract.openApi())));
    builder.rootHandler(
        new RateLimitHandler(
            policy,
            limiter,
            verified,
            new RouteTemplates(contract.openApi(), policy.routeOperations(), "rate_limit.routes"),
            Metrics.registry(config)));
    // A platform handler: Vert.x Web wants those before the CORS handler (a security policy).
    builder.rootHandler(new MalformedRequestHandler());
    JsonObject cors = config.getJsonObject("cors", new JsonObject());
    List<String> origins =
        cors.getJsonArray("allowed_origins", new io.vertx.core.json.JsonArray()).stream()
            .map(String::valueOf)
            .toList();
    if (!origins.isEmpty()) {
      // Only listed origins get CORS headers; a request from any other origin is 403. Without a
      // list no CORS header is sent at all, so browsers keep other origins out.
      builder.rootHandler(
          CorsHandler.create()
              .addOrigins(origins)
              .allowedMethods(
                  java.util.Set.of(
                      io.vertx.core.http.HttpMethod.GET,
                      io.vertx.core.http.HttpMethod.POST,
                      io.vertx.core.http.HttpMethod.PATCH,
                      io.vertx.core.http.HttpMethod.DELETE))
              .allowedHeaders(
                  java.util.Set.of(
                      "Authorization",
                      "Content-Type",
                      "If-Match",
                      "If-None-Match",
                      "Idempotency-Key",
                      "X-Request-Id"))
              .exposedHeaders(
                  java.util.Set.of(
                      "ETag",
                      "Location",
                      "X-Request-Id",
                      "X-RateLimit-Limit",
                      "X-RateLimit-Remaining",
                      "X-RateLimit-Reset",
                      "Retry-After"))
              .maxAgeSeconds(cors.getInteger("max_age_seconds", 600)));
    }
    BodyHandler bodies =
        BodyHandler.create(false).setBodyLimit(config.getLong("body_limit_bytes", 1_048_576L));
    builder.rootHandler(
        ctx -> {
          if (!routes.streamed(ctx.request())) {
            bodies.handle(ctx);
            return;
          }
          // Uploads are streamed by their handler, never buffered here; until it takes the
          // request, it stays paused, and an answer given before (401, 403, 429) lets it drain.
          if (!ctx.request().isEnded()) {
            ctx.request().pause();
          }
          ctx.addHeadersEndHandler(
              v -> {
                if (ctx.get(RouteContext.STREAM_TAKEN) == null && !ctx.request().isEnded()) {
                  ctx.request().resume();
                }
              });
          ctx.next();
        });
    builder.rootHandler(RequestFixes::mergePatchAsJson);
    builder.rootHandler(RequestFixes::protectQueryFromSecondDecoding);
    builder
        .security("bearerAuth")
        .httpHandler(
            new BearerTokenHandler(
                verified, permissions, new ApiKeys(vertx.eventBus(), busTimeout)));

    routes.handle("getLiveness", health.liveness());
    routes.handle("getReadiness", health.readiness());
    routes.handle("getOpenApiDocument", docs::openApiDocument);
    routes.handle("getApiDocs", docs::page);
    routes.handle("getMetrics", new MetricsEndpoint(vertx, config.getString(Metrics.REGISTRY_KEY)));
    features.accept(routes);

    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      Handler<RoutingContext> handler = routes.handler(operationId);
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
      route.addHandler(
          new OperationGuard(
              route.getOperation(),
              permissions,
              contract.produces().getOrDefault(operationId, java.util.Set.of())));
      if (AuditLog.OPERATIONS.containsKey(operationId)) {
        route.addHandler(audit.onSuccess(operationId));
      }
      route.addHandler(handler);
    }

    Router router = builder.createRouter();
    docs.mountAssets(router);
    new FailureHandler(audit::denied).mount(router, AllowedMethods.of(contract.openApi()));
    return router;
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

  private static JsonObject jwks(JsonObject keys) {
    return new JsonObject(keys.getString("jwks"));
  }
}
