package dev.wrench.cache;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * How a committed write reaches every cache. {@link CacheVerticle#INVALIDATE} leaves a tombstone of
 * the write's version in the store and ends this instance's loads of the key; the other instances
 * hear of it through Redis's invalidation channel ({@link #fromRedis}) or, without Redis, through a
 * publish on {@link CacheVerticle#INVALIDATED} ({@link #published}), and end theirs.
 */
final class Invalidations {

  private final CacheStore store;
  private final CacheKeys keys;
  private final Leases leases;
  private final EventBus bus;
  private final String origin;

  /** {@code origin}: the deployment of this cache verticle, so that it skips its own publishes. */
  Invalidations(CacheStore store, CacheKeys keys, Leases leases, EventBus bus, String origin) {
    this.store = store;
    this.keys = keys;
    this.leases = leases;
    this.bus = bus;
    this.origin = origin;
  }

  /** {@link CacheVerticle#INVALIDATE}: never fails; answers whether the tombstone was stored. */
  void invalidate(Message<JsonObject> message) {
    JsonObject body = message.body();
    String key;
    try {
      key = keys.of(body);
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    Long version = body.getLong("version");
    long tombstone =
        body.getBoolean("deleted", false) || version == null ? Stored.DELETED : version;
    // Loads begun before the write must not answer anyone who asks after it.
    leases.endAny(key);
    store
        .invalidate(key, tombstone, keys.tombstoneTtl(body))
        .onComplete(
            done -> {
              if (store instanceof InProcessStore) {
                bus.publish(
                    CacheVerticle.INVALIDATED,
                    new JsonObject()
                        .put("key", key)
                        .put("version", tombstone)
                        .put("ttl_ms", keys.tombstoneTtl(body))
                        .put("origin", origin));
              }
              message.reply(new JsonObject().put("stored", done.succeeded()));
            });
  }

  /**
   * A write changed a key (Redis channel, {@code "<tombstone version> <key>"}; this instance's own
   * writes come back too): loads here that may return an older row are stale. A load begun after
   * the tombstone was visible (its lease's minimum version is at least the tombstone's) is not, and
   * ending it would only make its waiters read PostgreSQL again.
   */
  void fromRedis(String message) {
    int space = message.indexOf(' ');
    long version;
    String key;
    try {
      version = space < 0 ? Long.MAX_VALUE : Long.parseLong(message.substring(0, space));
      key = space < 0 ? message : message.substring(space + 1);
    } catch (NumberFormatException e) {
      version = Long.MAX_VALUE;
      key = message;
    }
    if (leases.loadingAtLeast(key, version)) {
      return;
    }
    leases.endAny(key);
  }

  /** Another cache verticle on the event bus changed a key: its tombstone goes here too. */
  void published(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (origin.equals(body.getString("origin"))) {
      return;
    }
    String key = body.getString("key");
    leases.endAny(key);
    store.invalidate(key, body.getLong("version"), body.getLong("ttl_ms"));
  }
}
