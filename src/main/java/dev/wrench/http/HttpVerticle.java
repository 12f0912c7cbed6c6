package dev.wrench.http;

import dev.wrench.attachment.AttachmentHandlers;
import dev.wrench.attachment.ContentTypes;
import dev.wrench.attachment.ObjectStore;
import dev.wrench.attachment.ObjectStores;
import dev.wrench.auth.ApiKeyPrincipals;
import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.Permissions;
import dev.wrench.auth.TokenService;
import dev.wrench.auth.VerifiedTokens;
import dev.wrench.bus.Addresses;
import dev.wrench.cache.CacheClient;
import dev.wrench.cache.CacheKind;
import dev.wrench.http.openapi.AllowedMethods;
import dev.wrench.http.openapi.RequestFixes;
import dev.wrench.http.openapi.RequestValidation;
import dev.wrench.identity.LoginGuard;
import dev.wrench.identity.LoginThrottle;
import dev.wrench.identity.RevokeEndpoint;
import dev.wrench.identity.TokenEndpoint;
import dev.wrench.identity.TokenGrants;
import dev.wrench.metrics.Metrics;
import dev.wrench.notification.NotificationHandlers;
import dev.wrench.ratelimit.LocalRateLimiter;
import dev.wrench.ratelimit.ProcessLimits;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import dev.wrench.ratelimit.SharedRateLimiter;
import dev.wrench.workorder.WorkOrderRules;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
  private ObjectStore store;
  private WorkerExecutor attachmentWorkers;

  /** The contract document, read once by the deployer; this instance's own copy. */
  private final Contract.Source source;

  public HttpVerticle(Contract.Source source) {
    this.source = source;
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    JsonObject attachments = config.getJsonObject("attachments", new JsonObject());
    attachmentWorkers =
        vertx.createSharedWorkerExecutor(
            "wrench-attachments", attachments.getInteger("worker_pool_size", 16));
    return vertx
        .executeBlocking(
            () -> ObjectStores.create(attachments.getJsonObject("store", new JsonObject())), false)
        .compose(
            created -> {
              store = created;
              return Contract.from(vertx, source);
            })
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
    return closed.eventually(
        () -> {
          if (attachmentWorkers != null) {
            attachmentWorkers.close();
          }
          if (store != null) {
            store.close();
          }
          return Future.succeededFuture();
        });
  }

  private AttachmentHandlers attachmentHandlers(JsonObject config, long busTimeout) {
    JsonObject attachments = config.getJsonObject("attachments", new JsonObject());
    java.util.Set<String> allowed = new java.util.HashSet<>();
    attachments
        .getJsonArray("allowed_types", new io.vertx.core.json.JsonArray())
        .forEach(type -> allowed.add((String) type));
    long timeout =
        attachments.getJsonObject("store", new JsonObject()).getLong("timeout_ms", 30_000L);
    CircuitBreaker breaker =
        CircuitBreaker.create(
                "object-storage",
                vertx,
                new CircuitBreakerOptions()
                    .setTimeout(timeout)
                    .setMaxFailures(attachments.getInteger("breaker_max_failures", 3))
                    .setResetTimeout(attachments.getLong("breaker_reset_ms", 5_000L))
                    .setNotificationAddress(null))
            .openHandler(
                v -> LOG.warn("Object storage circuit breaker open: uploads fail fast with 503"))
            .closeHandler(v -> LOG.info("Object storage circuit breaker closed: storage answers"));
    return new AttachmentHandlers(
        vertx.eventBus(),
        busTimeout,
        store,
        attachmentWorkers,
        breaker,
        new AttachmentHandlers.Limits(
            attachments.getLong("max_size_bytes", 50L * 1024 * 1024),
            attachments.getInteger("max_per_work_order", 100),
            new ContentTypes(allowed),
            java.time.Duration.ofSeconds(attachments.getLong("presign_ttl_seconds", 300L)),
            attachments.getBoolean("stream_downloads", false)));
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
    ApiHandlers api = new ApiHandlers(vertx.eventBus(), busTimeout, cache);
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
    AttachmentHandlers attachments = attachmentHandlers(config, busTimeout);
    HealthRoutes health = new HealthRoutes(vertx, limiter, attachments::status);
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
          if (!AttachmentHandlers.isUpload(ctx.request())) {
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
                if (ctx.get(AttachmentHandlers.STARTED) == null && !ctx.request().isEnded()) {
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

    Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
    AuditLog audit = new AuditLog(vertx.eventBus(), busTimeout);
    TokenGrants grants =
        new TokenGrants(
            vertx,
            tokens,
            audit,
            busTimeout,
            auth.getInteger("refresh_token_ttl_seconds", 2_592_000));
    LoginGuard guard =
        new LoginGuard(
            vertx,
            LoginThrottle.fromJson(auth.getJsonObject("login_throttle", new JsonObject())),
            audit,
            busTimeout);
    handlers.put("issueToken", new TokenEndpoint(vertx, grants, guard, hasher, busTimeout));
    handlers.put("revokeToken", new RevokeEndpoint(vertx, tokens, audit, busTimeout));
    handlers.put("getJwks", ctx -> ApiHandlers.json(ctx, 200, jwks(keys)));
    handlers.put("getLiveness", health.liveness());
    handlers.put("getReadiness", health.readiness());
    handlers.put("getOpenApiDocument", docs::openApiDocument);
    handlers.put("getApiDocs", docs::page);
    handlers.put("getMetrics", new MetricsEndpoint(vertx, config.getString(Metrics.REGISTRY_KEY)));

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

    handlers.put("createAttachment", attachments.upload());
    handlers.put("listAttachments", api.subList(Addresses.ATTACHMENTS_LIST));
    handlers.put("getAttachment", api.get(Addresses.ATTACHMENTS_GET));
    handlers.put("deleteAttachment", attachments.delete());
    handlers.put("getAttachmentContent", attachments.content());
    handlers.put("listAttachmentDeadLetters", api.list(Addresses.ATTACHMENT_DEAD_LETTERS_LIST));
    handlers.put("retryAttachmentDeadLetter", attachments.retryDeadLetter());

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

    handlers.put("listSites", api.list(Addresses.SITES_LIST));
    handlers.put("createSite", api.create(Addresses.SITES_CREATE, ApiHandlers.Location.child()));
    handlers.put("getSite", api.get(Addresses.SITES_GET));
    handlers.put("updateSite", api.patch(Addresses.SITES_PATCH, null));
    handlers.put("deleteSite", api.delete(Addresses.SITES_DELETE, null));

    handlers.put("listTeams", api.list(Addresses.TEAMS_LIST));
    handlers.put("createTeam", api.create(Addresses.TEAMS_CREATE, ApiHandlers.Location.child()));
    handlers.put("getTeam", api.get(Addresses.TEAMS_GET));
    handlers.put("updateTeam", api.patch(Addresses.TEAMS_PATCH, null));
    handlers.put("deleteTeam", api.delete(Addresses.TEAMS_DELETE, null));

    handlers.put("replayEvents", api.action(Addresses.EVENTS_REPLAY, 202));

    NotificationHandlers notifications =
        new NotificationHandlers(
            vertx, busTimeout, config.getJsonObject("webhooks", new JsonObject()));
    handlers.put("listWebhooks", api.list(Addresses.WEBHOOKS_LIST));
    handlers.put("createWebhook", notifications.create());
    handlers.put("getWebhook", api.get(Addresses.WEBHOOKS_GET));
    handlers.put("updateWebhook", notifications.patch(api.patch(Addresses.WEBHOOKS_PATCH, null)));
    handlers.put("deleteWebhook", api.remove(Addresses.WEBHOOKS_DELETE));
    handlers.put("rotateWebhookSecret", notifications.rotateSecret());
    handlers.put("listWebhookDeliveries", api.subList(Addresses.WEBHOOK_DELIVERIES_LIST));
    handlers.put("listNotificationDeadLetters", api.list(Addresses.NOTIFICATION_DEAD_LETTERS_LIST));
    handlers.put("getNotificationDeadLetter", api.get(Addresses.NOTIFICATION_DEAD_LETTERS_GET));
    handlers.put("redriveNotificationDeadLetter", notifications.redrive());

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

    handlers.put("listOAuthClients", api.list(Addresses.OAUTH_CLIENTS_LIST));
    handlers.put("getOAuthClient", api.get(Addresses.OAUTH_CLIENTS_GET));
    handlers.put(
        "createOAuthClient",
        api.createWithSecret(
            Addresses.OAUTH_CLIENTS_CREATE, TokenGrants.CLIENT_SECRET_PREFIX, "client_secret"));
    handlers.put("revokeOAuthClient", api.remove(Addresses.OAUTH_CLIENTS_REVOKE));
    handlers.put("listAuditEvents", api.list(Addresses.AUDIT_LIST));
    handlers.put("getOrganization", api.get(Addresses.ORGANIZATIONS_GET));
    // The first admin's password is hashed here, on a worker, so that it never travels the bus.
    handlers.put(
        "createOrganization",
        api.createPrepared(
            Addresses.ORGANIZATIONS_CREATE,
            body ->
                body.compose(
                    original ->
                        vertx.executeBlocking(
                            () -> {
                              JsonObject prepared = original.copy();
                              JsonObject admin = prepared.getJsonObject("admin").copy();
                              String password = (String) admin.remove("password");
                              prepared.put(
                                  "admin", admin.put("password_hash", hasher.hash(password)));
                              return prepared;
                            },
                            false))));
    handlers.put("listApiKeys", api.list(Addresses.API_KEYS_LIST));
    handlers.put("getApiKey", api.get(Addresses.API_KEYS_GET));
    handlers.put(
        "createApiKey", api.createWithSecret(Addresses.API_KEYS_CREATE, ApiKeys.PREFIX, "key"));
    handlers.put("revokeApiKey", api.remove(Addresses.API_KEYS_REVOKE));
    handlers.put(
        "rotateApiKey", api.rotateSecret(Addresses.API_KEYS_ROTATE, ApiKeys.PREFIX, "key"));

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
