package dev.wrench.http;

import dev.wrench.auth.ApiKeyPrincipals;
import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.Permissions;
import dev.wrench.auth.TokenService;
import dev.wrench.auth.VerifiedTokens;
import dev.wrench.bus.SameLoop;
import dev.wrench.cache.CacheClient;
import dev.wrench.cache.CacheVerticle;
import dev.wrench.config.HttpConfig;
import dev.wrench.http.openapi.AllowedMethods;
import dev.wrench.http.openapi.RequestFixes;
import dev.wrench.http.openapi.RequestValidation;
import dev.wrench.metrics.Metrics;
import dev.wrench.ratelimit.LocalRateLimiter;
import dev.wrench.ratelimit.ProcessLimits;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import dev.wrench.ratelimit.SharedRateLimiter;
import dev.wrench.store.DatabaseVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP edge, deployed once per event loop: builds the router from the contract (every request
 * validated before a handler sees it), authenticates, authorizes by the permission matrix, and
 * hands each operation to its handler, which speaks to the database verticle over the event bus.
 *
 * <p>Its {@link HttpSettings} arrive typed, the keys already read. With Redis the rate limits are
 * kept there by the cache verticle, else in this process.
 */
public final class HttpVerticle extends VerticleBase {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpVerticle.class);

  /** Where the bound port is published (shared local map "wrench", key "http.port"). */
  public static final String RUNTIME_MAP = "wrench";

  /** Set in {@link #RUNTIME_MAP} when the process shuts down: readiness answers 503 from then. */
  public static final String DRAINING = "draining";

  private HttpServer server;
  private RouteContext routes;

  /** How long a call over the bus may take before the client gets a 503. */
  private static final long BUS_TIMEOUT_MS = 10_000;

  /** The contract document, read once by the deployer; this instance's own copy. */
  private final Contract.Source source;

  private final HttpSettings settings;

  /** Binds the features' handlers (each feature's {@code routes}); the verticle knows none. */
  private final Consumer<RouteContext> features;

  public HttpVerticle(
      Contract.Source source, HttpSettings settings, Consumer<RouteContext> features) {
    this.source = source;
    this.settings = settings;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    return Contract.from(vertx, source)
        .compose(
            contract -> {
              Router router = buildRouter(contract);
              return routes.prepared().map(router);
            })
        .compose(
            router -> {
              server =
                  vertx.createHttpServer(
                      new HttpServerOptions()
                          .setHost(settings.http().host())
                          .setPort(settings.listenPort())
                          .setMaxHeaderSize(16 * 1024)
                          .setMaxInitialLineLength(8 * 1024));
              return server
                  .requestHandler(
                      new DrainAwareRequests(router, vertx.sharedData().getLocalMap(RUNTIME_MAP)))
                  .invalidRequestHandler(FailureHandler::invalidRequest)
                  .listen();
            })
        .onSuccess(
            s -> {
              vertx.sharedData().getLocalMap(RUNTIME_MAP).put("http.port", s.actualPort());
              warnWithoutSameLoopServices();
            });
  }

  /**
   * The database and cache verticles are deployed once per event loop before this one, so that this
   * loop has its own of each (bus.SameLoop). Where it has not (instances configured below the
   * number of loops), requests still work, through other loops: say so, since it costs throughput.
   */
  private void warnWithoutSameLoopServices() {
    boolean database = !SameLoop.nearest(DatabaseVerticle.PING).equals(DatabaseVerticle.PING);
    boolean cache = !SameLoop.nearest(CacheVerticle.GET).equals(CacheVerticle.GET);
    if (!database || !cache) {
      LOG.warn(
          "HTTP verticle on {} has no {} verticle on its own event loop: its requests change"
              + " threads (database.instances below the number of event loops?)",
          Thread.currentThread().getName(),
          database ? "cache" : "database");
    }
  }

  @Override
  public Future<?> stop() {
    // Graceful: no new connection, requests in flight finish (up to the grace period), idle
    // keep-alive connections close at once.
    Future<Void> closed =
        server == null
            ? Future.succeededFuture()
            : server.shutdown(settings.http().shutdownGraceSeconds(), TimeUnit.SECONDS);
    return closed.eventually(() -> routes == null ? Future.succeededFuture() : routes.stop());
  }

  private Router buildRouter(Contract contract) {
    Permissions permissions = Permissions.from(contract.openApi());
    TokenService tokens =
        new TokenService(
            vertx,
            settings.signingKey(),
            settings.trustedKeys(),
            settings.auth().issuer(),
            settings.auth().audience(),
            settings.auth().accessTokenTtlSeconds());
    if (settings.externalIdp().enabled()) {
      tokens.withExternal(new ExternalIdentityProvider(vertx, settings.externalIdp()));
    }
    PasswordHasher hasher = new PasswordHasher(settings.auth().passwordIterations());
    long busTimeout = BUS_TIMEOUT_MS;
    CacheClient cache =
        new CacheClient(vertx.eventBus(), settings.cache().enabled(), settings.cacheTimeoutMs());
    ApiHandlers api = new ApiHandlers(cache);
    VerifiedTokens verified =
        new VerifiedTokens(
            tokens,
            settings.auth().tokenCacheSize(),
            ApiKeyPrincipals.of(
                vertx.sharedData().getLocalMap(RUNTIME_MAP), settings.auth().tokenCacheSize()));
    RateLimitPolicy policy = new RateLimitPolicy(settings.rateLimit());
    RateLimiter limiter = rateLimiter(policy);
    AuditLog audit = new AuditLog(vertx.eventBus(), busTimeout);
    io.micrometer.core.instrument.MeterRegistry meters =
        Metrics.registry(settings.metricsRegistry());
    routes =
        new RouteContext(
            vertx,
            settings.keys().jwks(),
            api,
            busTimeout,
            tokens,
            hasher,
            audit,
            meters,
            limiter,
            policy);
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
            meters));
    // A platform handler: Vert.x Web wants those before the CORS handler (a security policy).
    builder.rootHandler(new MalformedRequestHandler());
    HttpConfig.Cors cors = settings.http().cors();
    List<String> origins = cors.allowedOrigins();
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
              .maxAgeSeconds(cors.maxAgeSeconds()));
    }
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(settings.http().bodyLimitBytes());
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
    routes.handle("getHealthDetails", health.readinessDetails());
    routes.handle("getOpenApiDocument", docs::openApiDocument);
    routes.handle("getApiDocs", docs::page);
    routes.handle("getProblemType", ProblemPages::handle);
    routes.handle("getMetrics", new MetricsEndpoint(vertx, settings.metricsRegistry()));
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
  private RateLimiter rateLimiter(RateLimitPolicy policy) {
    LocalMap<String, Object> runtime = vertx.sharedData().getLocalMap(RUNTIME_MAP);
    ProcessLimits process = ProcessLimits.of(runtime);
    if (!settings.sharedRateLimits()) {
      return new LocalRateLimiter(process, policy.windowMillis());
    }
    return new SharedRateLimiter(
        vertx.eventBus(), settings.rateLimitTimeoutMs(), process, policy.windowMillis());
  }
}
