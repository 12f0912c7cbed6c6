package dev.wrench.http;

import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.TokenService;
import dev.wrench.bus.BusClient;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an HTTP verticle lends each feature ({@code Feature#routes}): the shared handlers, typed
 * clients of the bus contracts, the token and password machinery, and the table of handlers by
 * operationId that the router is built from.
 */
public final class RouteContext {

  private final Vertx vertx;
  private final JsonObject jwks;
  private final ApiHandlers api;
  private final DeliveryOptions delivery;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final MeterRegistry meters;
  private final RateLimiter limiter;
  private final RateLimitPolicy limits;
  private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
  private final Map<String, Supplier<Future<JsonObject>>> statuses = new HashMap<>();
  private final List<Future<?>> preparations = new ArrayList<>();
  private final List<Supplier<Future<?>>> stops = new ArrayList<>();
  private final List<java.util.function.Predicate<HttpServerRequest>> streamed = new ArrayList<>();

  /**
   * Set on a request's context by the handler that takes a streamed body: until then the request
   * stays paused, and an answer given before (401, 403, 429) lets it drain.
   */
  public static final String STREAM_TAKEN = "wrench.upload.started";

  RouteContext(
      Vertx vertx,
      JsonObject jwks,
      ApiHandlers api,
      long busTimeoutMs,
      TokenService tokens,
      PasswordHasher hasher,
      AuditLog audit,
      MeterRegistry meters,
      RateLimiter limiter,
      RateLimitPolicy limits) {
    this.limiter = limiter;
    this.limits = limits;
    this.vertx = vertx;
    this.jwks = jwks;
    this.api = api;
    this.delivery = new DeliveryOptions().setSendTimeout(busTimeoutMs);
    this.tokens = tokens;
    this.hasher = hasher;
    this.audit = audit;
    this.meters = meters;
  }

  /** The limiter every request spends from, for budgets a handler takes itself. */
  public RateLimiter limiter() {
    return limiter;
  }

  public RateLimitPolicy limits() {
    return limits;
  }

  /** Where a feature's meters go: the registry {@code GET /metrics} serves. */
  public MeterRegistry meters() {
    return meters;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The public keys that verify Wrench's access tokens (a JWK set): this instance's copy. */
  public JsonObject jwks() {
    return jwks;
  }

  /** The shared handlers of list, get, create, patch and delete. */
  public ApiHandlers api() {
    return api;
  }

  /** How long a bus call may take before it fails (a 503 to the client). */
  public long busTimeoutMs() {
    return delivery.getSendTimeout();
  }

  /** A client of a bus contract: each call one request, answered by its serving verticle. */
  public <T> T service(Class<T> contract) {
    return BusClient.of(vertx.eventBus(), contract, delivery);
  }

  public TokenService tokens() {
    return tokens;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public AuditLog audit() {
    return audit;
  }

  /** Binds {@code handler} to the contract's {@code operationId}, once. */
  public void handle(String operationId, Handler<RoutingContext> handler) {
    if (handlers.putIfAbsent(operationId, handler) != null) {
      throw new IllegalStateException("two handlers for operation " + operationId);
    }
  }

  /**
   * Reports {@code check} in the readiness probe under {@code name} (informative: the probe stays
   * up whatever it answers).
   */
  public void status(String name, Supplier<Future<JsonObject>> check) {
    statuses.put(name, check);
  }

  /**
   * Requests for which {@code isStreamed} holds reach their handler unbuffered (an upload): no body
   * handler reads them first.
   */
  public void streamBody(java.util.function.Predicate<HttpServerRequest> isStreamed) {
    streamed.add(isStreamed);
  }

  boolean streamed(HttpServerRequest request) {
    for (java.util.function.Predicate<HttpServerRequest> test : streamed) {
      if (test.test(request)) {
        return true;
      }
    }
    return false;
  }

  /** The verticle listens only once {@code preparation} (a store opened) has succeeded. */
  public void prepare(Future<?> preparation) {
    preparations.add(preparation);
  }

  /** Runs {@code stop} once the verticle has stopped serving. */
  public void onStop(Supplier<Future<?>> stop) {
    stops.add(stop);
  }

  Handler<RoutingContext> handler(String operationId) {
    return handlers.get(operationId);
  }

  Supplier<Future<JsonObject>> status(String name) {
    return statuses.get(name);
  }

  Future<?> prepared() {
    return Future.all(preparations);
  }

  Future<?> stop() {
    return Future.all(stops.stream().map(s -> s.get().otherwiseEmpty()).toList());
  }
}
