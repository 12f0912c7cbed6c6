package dev.wrench.cache;

import dev.wrench.ratelimit.RateLimitDecision;
import io.vertx.core.Future;

/** Where the cache verticle keeps entries: Redis, or this process's memory. */
interface CacheStore {

  /** The entry or tombstone under {@code key}, or null. */
  Future<Stored> get(String key);

  /**
   * Stores a row unless the key holds the same or a newer version, or a tombstone above it (a write
   * committed after this row was read). Answers whether it was stored.
   */
  Future<Boolean> put(String key, long version, String json, long ttlMillis);

  /**
   * Leaves a tombstone: versions below {@code version} are stale from now on ({@link
   * Stored#DELETED}: all of them). Never lowers what is stored. Tells every instance (Redis: a
   * message on the invalidation channel). Answers the tombstone's version.
   */
  Future<Long> invalidate(String key, long version, long ttlMillis);

  /** One request from the sliding window of {@code bucket}; only the Redis store has one. */
  Future<RateLimitDecision> take(String bucket, int limit, long windowMillis);

  /** Succeeds when the store answers. */
  Future<Void> ping();

  /** {@code redis} or {@code in-process}. */
  String backend();

  /** The state of its circuit breaker ({@code CLOSED} when it has none). */
  String breakerState();

  Future<Void> close();
}
