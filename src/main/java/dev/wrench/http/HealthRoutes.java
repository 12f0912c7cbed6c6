package dev.wrench.http;

import dev.wrench.cache.CacheVerticle;
import dev.wrench.cluster.ClusterMembership;
import dev.wrench.ratelimit.RateLimiter;
import dev.wrench.store.DatabaseVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /health/live}: the event loop answers. {@code /health/ready}: the database answers a ping
 * through its verticle. A probe every second must not load the database, so a ping result is reused
 * for one second. The check {@code cache} reports the cache and the rate limits ({@code state}: up,
 * degraded or disabled; where limits are kept); Redis is optional, so that check is always UP: a
 * Redis outage degrades Wrench but leaves it ready. The check {@code events} does the same for the
 * event relay and Kafka. The check {@code cluster} says whether this node is clustered and which
 * members it sees. Those details name hosts, paths and errors: {@code /health/ready} is public and
 * says only UP or DOWN per check; {@code GET /api/v1/admin/health} (platform operators) has them.
 */
public final class HealthRoutes {

  /** {@code {}} → the outbox relay's state, answered by the relay of this process. */
  public static final String EVENTS_STATUS = "wrench.events.status";

  /** {@code {}} → the notification worker's state; no handler while it is off. */
  public static final String NOTIFICATIONS_STATUS = "wrench.notifications.status";

  private static final long PING_TIMEOUT_MS = 2_000;
  private static final long REUSE_MS = 1_000;

  private final Vertx vertx;
  private final RateLimiter limiter;
  private final RouteContext routes;
  private long lastPingAt;
  private long lastStorageAt;
  private Future<JsonObject> lastStorage;
  private Future<Status> lastPing;
  private HealthChecks checks;

  /** {@code routes}: where a feature's status reports are found (the object store's, below). */
  HealthRoutes(Vertx vertx, RateLimiter limiter, RouteContext routes) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.routes = routes;
  }

  /**
   * The attachment store: reported (state up or down) but always UP, like the cache: with storage
   * down only attachments fail (503), the rest of the API serves on.
   */
  private Future<Status> storageStatus() {
    long now = System.currentTimeMillis();
    if (lastStorage == null || now - lastStorageAt >= REUSE_MS) {
      lastStorageAt = now;
      io.vertx.core.Promise<JsonObject> answer = io.vertx.core.Promise.promise();
      java.util.function.Supplier<Future<JsonObject>> storage = routes.status("object-storage");
      (storage == null
              ? Future.succeededFuture(new JsonObject().put("state", "disabled"))
              : storage.get())
          .onComplete(
              r ->
                  answer.tryComplete(
                      r.succeeded() ? r.result() : new JsonObject().put("state", "down")));
      vertx.setTimer(
          PING_TIMEOUT_MS,
          t ->
              answer.tryComplete(
                  new JsonObject().put("state", "down").put("error", "no answer in time")));
      lastStorage = answer.future();
    }
    return lastStorage.map(Status::OK);
  }

  HealthCheckHandler liveness() {
    return HealthCheckHandler.createWithHealthChecks(
        HealthChecks.create(vertx)
            .register("event-loop", promise -> promise.complete(Status.OK())));
  }

  /**
   * {@code /health/ready}, public: UP or DOWN per check, nothing of why or where (paths, hosts,
   * errors): that is for {@link #readinessDetails}.
   */
  Handler<RoutingContext> readiness() {
    HealthCheckHandler checks =
        HealthCheckHandler.createWithHealthChecks(readinessChecks())
            .resultMapper(result -> Future.succeededFuture(upOrDown(result)));
    LocalMap<String, Object> runtime = vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP);
    // Shutting down, it answers 503 at once rather than after the slowest check: a probe's timeout
    // is short, and the drain delay is there for the load balancer to see this answer.
    return ctx -> {
      if (runtime.get(HttpVerticle.DRAINING) == null) {
        checks.handle(ctx);
        return;
      }
      ctx.response()
          .setStatusCode(503)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
          .end(
              new JsonObject()
                  .put("status", "DOWN")
                  .put("outcome", "DOWN")
                  .put(
                      "checks",
                      new JsonArray()
                          .add(new JsonObject().put("id", "lifecycle").put("status", "DOWN")))
                  .encode());
    };
  }

  /** {@code /api/v1/admin/health}: the same checks with their data, for platform operators. */
  HealthCheckHandler readinessDetails() {
    return HealthCheckHandler.createWithHealthChecks(readinessChecks());
  }

  /** A check's id and status, and the same of its checks; no data, no failure. */
  static CheckResult upOrDown(CheckResult result) {
    CheckResult plain = new CheckResult().setId(result.getId());
    if (result.getStatus() != null) {
      plain.setStatus(new Status().setOk(result.getStatus().isOk()));
    }
    if (result.getChecks() != null) {
      plain.setChecks(result.getChecks().stream().map(HealthRoutes::upOrDown).toList());
    }
    return plain;
  }

  private HealthChecks readinessChecks() {
    if (checks == null) {
      checks = newReadinessChecks();
    }
    return checks;
  }

  private HealthChecks newReadinessChecks() {
    return HealthChecks.create(vertx)
        .register(
            "lifecycle",
            promise ->
                promise.complete(
                    Boolean.TRUE.equals(
                            vertx
                                .sharedData()
                                .getLocalMap(HttpVerticle.RUNTIME_MAP)
                                .get(HttpVerticle.DRAINING))
                        ? Status.KO(new JsonObject().put("state", "shutting down"))
                        : Status.OK()))
        .register(
            "database", PING_TIMEOUT_MS + 500, promise -> databaseStatus().onComplete(promise))
        .register("cache", PING_TIMEOUT_MS + 500, promise -> cacheStatus().onComplete(promise))
        .register("events", PING_TIMEOUT_MS + 500, promise -> eventsStatus().onComplete(promise))
        // Membership is informative: a node that lost its peers still serves its own requests.
        .register(
            "cluster", promise -> promise.complete(Status.OK(ClusterMembership.describe(vertx))))
        .register(
            "notifications",
            PING_TIMEOUT_MS + 500,
            promise -> notificationsStatus().onComplete(promise))
        .register(
            "object-storage",
            PING_TIMEOUT_MS + 500,
            promise -> storageStatus().onComplete(promise));
  }

  /**
   * The outbox relay: where events go ({@code delivery}), {@code state} (up, or degraded while
   * Kafka is unreachable) and the outbox lag ({@code pending}, {@code oldest_pending_at}). Writes
   * go on while Kafka is down (the outbox keeps the events), so this check stays UP.
   */
  private Future<Status> eventsStatus() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            HealthRoutes.EVENTS_STATUS,
            new JsonObject(),
            new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
        .map(reply -> reply.body().copy())
        .otherwise(e -> new JsonObject().put("state", "degraded"))
        .map(Status::OK);
  }

  /**
   * The notification worker: where events come from, the channels on, and the backlog (pending
   * deliveries, critical ones, dead letters) as of its last count (every few seconds). Deliveries
   * wait in PostgreSQL while receivers fail, so this check stays UP; it shows {@code disabled} when
   * the worker is not deployed.
   */
  private Future<Status> notificationsStatus() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            HealthRoutes.NOTIFICATIONS_STATUS,
            new JsonObject(),
            new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
        .map(reply -> reply.body().copy())
        .otherwise(
            e ->
                new JsonObject()
                    .put(
                        "state",
                        e instanceof io.vertx.core.eventbus.ReplyException reply
                                && reply.failureType()
                                    == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
                            ? "disabled"
                            : "degraded"))
        .map(Status::OK);
  }

  private Future<Status> cacheStatus() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            CacheVerticle.STATUS,
            new JsonObject(),
            new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
        .map(reply -> reply.body().copy())
        .otherwise(e -> new JsonObject().put("state", "degraded"))
        .map(data -> Status.OK(data.put("rate_limits", limiter.describe())));
  }

  private Future<Status> databaseStatus() {
    long now = System.currentTimeMillis();
    if (lastPing != null && now - lastPingAt < REUSE_MS) {
      return lastPing;
    }
    lastPingAt = now;
    long started = System.nanoTime();
    lastPing =
        vertx
            .eventBus()
            .request(
                DatabaseVerticle.PING,
                new JsonObject(),
                new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
            .map(
                reply ->
                    Status.OK(
                        new JsonObject()
                            .put("duration_ms", (System.nanoTime() - started) / 1_000_000)))
            .otherwise(
                e -> Status.KO(new JsonObject().put("error", "the database did not answer")));
    return lastPing;
  }
}
