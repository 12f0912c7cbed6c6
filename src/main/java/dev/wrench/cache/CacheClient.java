package dev.wrench.cache;

import dev.wrench.bus.SameLoop;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * How handlers speak to the {@link CacheVerticle}: over the event bus only (Redis stays with the
 * verticle). Nothing here fails a request: when the cache does not answer, the answer is "read the
 * database".
 */
public final class CacheClient {

  /** The cache's answer to a read. */
  public record Lookup(String status, String value, Long lease) {

    static final Lookup BYPASS = new Lookup("bypass", null, null);

    public boolean hit() {
      return "hit".equals(status);
    }

    /** Whether the row read from the database should be stored (not when the cache is away). */
    public boolean storable() {
      return "miss".equals(status);
    }

    static Lookup fromJson(JsonObject json) {
      return new Lookup(json.getString("status"), json.getString("value"), json.getLong("lease"));
    }
  }

  private final EventBus bus;
  private final boolean enabled;
  private final DeliveryOptions delivery;

  /**
   * @param timeoutMillis longer than a lease: a miss may wait for another request's load
   */
  public CacheClient(EventBus bus, boolean enabled, long timeoutMillis) {
    this.bus = bus;
    this.enabled = enabled;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  private static JsonObject key(CacheKind kind, Actor actor, String id) {
    return new JsonObject()
        .put("kind", kind.wire())
        .put("org_id", actor.orgId().toString())
        .put("id", id);
  }

  public Future<Lookup> lookup(CacheKind kind, Actor actor, String id) {
    if (!enabled) {
      return Future.succeededFuture(Lookup.BYPASS);
    }
    return bus.<JsonObject>request(
            SameLoop.nearest(CacheVerticle.GET), key(kind, actor, id), delivery)
        .map(reply -> Lookup.fromJson(reply.body()))
        .otherwise(Lookup.BYPASS);
  }

  /**
   * After a miss: stores the row read from the database (already encoded: the response is written
   * from the same text) and answers the lease's waiters. Sent, not requested: the reader's response
   * does not wait for the cache, and no reply or timer is spent on it.
   */
  public void store(
      CacheKind kind, Actor actor, String id, String encodedRow, long version, Lookup lookup) {
    if (lookup.storable()) {
      JsonObject message = key(kind, actor, id).put("value", encodedRow).put("version", version);
      if (lookup.lease() != null) {
        message.put("lease", lookup.lease());
      }
      bus.send(SameLoop.nearest(CacheVerticle.PUT), message);
    }
  }

  /** After a miss whose read failed (not found, not visible, an error): waiters read themselves. */
  public void release(CacheKind kind, Actor actor, String id, Lookup lookup) {
    if (lookup.lease() != null) {
      bus.send(
          SameLoop.nearest(CacheVerticle.RELEASE),
          key(kind, actor, id).put("lease", lookup.lease()));
    }
  }

  /**
   * After a committed write, before its response: {@code version} is the row's new version, or null
   * when the row is deleted or the write's outcome is unknown. Completes when the cache has the
   * invalidation (or has kept it for when Redis is back); never fails.
   */
  public Future<Void> invalidate(CacheKind kind, Actor actor, String id, Integer version) {
    // No kind: a resource that is never cached (sites).
    if (!enabled || kind == null) {
      return Future.succeededFuture();
    }
    return bus.request(
            SameLoop.nearest(CacheVerticle.INVALIDATE),
            key(kind, actor, id).put("version", version),
            delivery)
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }
}
