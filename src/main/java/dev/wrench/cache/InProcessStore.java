package dev.wrench.cache;

import dev.wrench.ratelimit.RateLimitDecision;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cache without Redis: a bounded map (least recently used entries go first), with the same
 * versions, tombstones and lifetimes as the Redis store. One serves the process: the cache
 * verticles of every event loop share it, as they share Redis, so that a write's tombstone is seen
 * by every loop before the write's response is sent. Hence the lock: each call holds it for a map
 * operation, and two event loops rarely meet on it.
 *
 * <p>Bounded by entries and by an estimate of the bytes it holds: rows vary in size (a long
 * description), and the run command gives the whole JVM a 256 MiB heap, so a count alone could let
 * the cache take most of it.
 */
final class InProcessStore implements CacheStore {

  /**
   * An estimate of what an entry costs besides its characters on a 64-bit JVM with compressed
   * references: the linked map node (40 bytes), the item and stored records (24 + 24), the two
   * String objects with their array headers (2 × 40), and the table slot, rounded up generously.
   */
  static final int ENTRY_OVERHEAD_BYTES = 256;

  private record Item(Stored stored, long expiresAt) {}

  private final LongSupplier clock;
  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<String, Item> items = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  InProcessStore(int maxEntries, long maxBytes, LongSupplier clock) {
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** Latin-1 rows take a byte a character in a compact String; others two: count two. */
  static long sizeOf(String key, Item item) {
    String json = item.stored().json();
    return ENTRY_OVERHEAD_BYTES + key.length() + (json == null ? 0 : 2L * json.length());
  }

  private void store(String key, Item item) {
    Item previous = items.put(key, item);
    if (previous != null) {
      bytes -= sizeOf(key, previous);
    }
    bytes += sizeOf(key, item);
    var eldest = items.entrySet().iterator();
    while ((items.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      Map.Entry<String, Item> entry = eldest.next();
      bytes -= sizeOf(entry.getKey(), entry.getValue());
      eldest.remove();
    }
  }

  private void remove(String key) {
    Item removed = items.remove(key);
    if (removed != null) {
      bytes -= sizeOf(key, removed);
    }
  }

  /** Entries held now (for tests and status). */
  synchronized int size() {
    return items.size();
  }

  /** The estimated bytes held now. */
  synchronized long bytes() {
    return bytes;
  }

  private Stored live(String key) {
    Item item = items.get(key);
    if (item == null) {
      return null;
    }
    if (item.expiresAt() <= clock.getAsLong()) {
      remove(key);
      return null;
    }
    return item.stored();
  }

  @Override
  public synchronized Future<Stored> get(String key) {
    return Future.succeededFuture(live(key));
  }

  @Override
  public synchronized Future<Boolean> put(String key, long version, String json, long ttlMillis) {
    Stored current = live(key);
    if (current != null && !current.acceptsRow(version)) {
      return Future.succeededFuture(false);
    }
    store(key, new Item(new Stored(version, json), clock.getAsLong() + ttlMillis));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Long> invalidate(String key, long version, long ttlMillis) {
    Stored current = live(key);
    long tombstone = current == null ? version : Math.max(current.version(), version);
    store(key, new Item(new Stored(tombstone, null), clock.getAsLong() + ttlMillis));
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
  public synchronized Future<Void> close() {
    items.clear();
    bytes = 0;
    return Future.succeededFuture();
  }
}
