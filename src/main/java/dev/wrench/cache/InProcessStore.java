package dev.wrench.cache;

import dev.wrench.bus.RateLimitDecision;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cache without Redis: a bounded map in the cache verticle (least recently used entries go
 * first), with the same versions, tombstones and lifetimes as the Redis store. It serves one
 * instance; used only from the cache verticle's event loop, so it needs no locking.
 */
final class InProcessStore implements CacheStore {

  private record Item(Stored stored, long expiresAt) {}

  private final LongSupplier clock;
  private final Map<String, Item> items;

  InProcessStore(int maxEntries, LongSupplier clock) {
    this.clock = clock;
    this.items =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Item> eldest) {
            return size() > maxEntries;
          }
        };
  }

  private Stored live(String key) {
    Item item = items.get(key);
    if (item == null) {
      return null;
    }
    if (item.expiresAt() <= clock.getAsLong()) {
      items.remove(key);
      return null;
    }
    return item.stored();
  }

  @Override
  public Future<Stored> get(String key) {
    return Future.succeededFuture(live(key));
  }

  @Override
  public Future<Boolean> put(String key, long version, String json, long ttlMillis) {
    Stored current = live(key);
    if (current != null && !current.acceptsRow(version)) {
      return Future.succeededFuture(false);
    }
    items.put(key, new Item(new Stored(version, json), clock.getAsLong() + ttlMillis));
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Long> invalidate(String key, long version, long ttlMillis) {
    Stored current = live(key);
    long tombstone = current == null ? version : Math.max(current.version(), version);
    items.put(key, new Item(new Stored(tombstone, null), clock.getAsLong() + ttlMillis));
    return Future.succeededFuture(tombstone);
  }

  @Override
  public Future<RateLimitDecision> take(String bucket, int limit, long windowMillis) {
    return Future.failedFuture(
        new UnsupportedOperationException("without Redis, limits are kept by the HTTP verticles"));
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String backend() {
    return "in-process";
  }

  @Override
  public String breakerState() {
    return "CLOSED";
  }

  @Override
  public Future<Void> close() {
    items.clear();
    return Future.succeededFuture();
  }
}
