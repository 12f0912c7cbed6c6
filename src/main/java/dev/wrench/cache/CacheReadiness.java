package dev.wrench.cache;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * {@link CacheVerticle#STATUS}: the cache's state for the readiness probe. The store's answer is
 * reused for a second, so that probes from every HTTP verticle do not each ping Redis; the lease
 * counts are always current.
 */
final class CacheReadiness {

  private static final long STATUS_REUSE_MS = 1_000;

  private final CacheStore store;
  private final boolean enabled;
  private final Leases leases;
  private long lastStatusAt;
  private Future<JsonObject> lastStatus;

  CacheReadiness(CacheStore store, boolean enabled, Leases leases) {
    this.store = store;
    this.enabled = enabled;
    this.leases = leases;
  }

  void status(Message<JsonObject> message) {
    long now = System.currentTimeMillis();
    if (lastStatus == null || now - lastStatusAt >= STATUS_REUSE_MS) {
      lastStatusAt = now;
      lastStatus =
          store
              .ping()
              .map(v -> !"OPEN".equals(store.breakerState()))
              .otherwise(false)
              .map(
                  up ->
                      new JsonObject()
                          .put("backend", store.backend())
                          .put("state", !enabled ? "disabled" : up ? "up" : "degraded")
                          .put("breaker", store.breakerState()));
    }
    lastStatus.onSuccess(
        status ->
            message.reply(
                status
                    .copy()
                    .put("loads_in_flight", leases.inFlight())
                    .put("waiting", leases.waiting())));
  }
}
