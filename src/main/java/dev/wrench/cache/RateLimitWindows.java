package dev.wrench.cache;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * {@link CacheVerticle#RATE_LIMIT_TAKE}: one request from a shared sliding window, decided in Redis
 * by one Lua script (atomic across instances). Registered only with Redis: without it each HTTP
 * verticle limits on its own, and a failure here (503) tells it to do so meanwhile.
 */
final class RateLimitWindows {

  private final CacheStore store;
  private final CacheKeys keys;

  RateLimitWindows(CacheStore store, CacheKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  void take(Message<JsonObject> message) {
    JsonObject body = message.body();
    store
        .take(
            keys.rateLimit(body.getString("bucket")),
            body.getInteger("limit"),
            body.getLong("window_ms"))
        .onSuccess(decision -> message.reply(decision.toJson()))
        .onFailure(e -> message.fail(503, "redis unavailable: " + e.getMessage()));
  }
}
