package dev.wrench.cache;

import dev.wrench.config.CacheConfig;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How a cache request names its entry, and how long the entry lives. Every key carries the
 * organization ({@code <prefix>:c:<kind>:<org>:<id>}), so one tenant's row can never answer
 * another's lookup; the ids are parsed as UUIDs, so a malformed request fails here, before it
 * reaches the store.
 */
final class CacheKeys {

  private final String prefix;
  private final Map<String, Long> ttlMillis = new HashMap<>();
  private final long leaseTimeoutMs;

  /** Keys under {@code prefix} ({@code redis.key_prefix}), lifetimes from {@code cache}. */
  CacheKeys(CacheConfig cache, String prefix) {
    this.prefix = prefix;
    this.leaseTimeoutMs = cache.leaseTimeoutMs();
    ttlMillis.put(CacheKind.WORK_ORDERS.wire(), cache.workOrderTtlSeconds() * 1000L);
    ttlMillis.put(CacheKind.ASSETS.wire(), cache.assetTtlSeconds() * 1000L);
    ttlMillis.put(CacheKind.TECHNICIANS.wire(), cache.technicianTtlSeconds() * 1000L);
  }

  String prefix() {
    return prefix;
  }

  long leaseTimeoutMs() {
    return leaseTimeoutMs;
  }

  /** {@code <prefix>:c:<kind>:<org>:<id>}: the organization is part of every key. */
  String of(JsonObject body) {
    CacheKind kind = CacheKind.fromWire(body.getString("kind"));
    return prefix
        + ":c:"
        + kind.wire()
        + ":"
        + UUID.fromString(body.getString("org_id"))
        + ":"
        + UUID.fromString(body.getString("id"));
  }

  /** The sliding window of a rate-limit bucket. */
  String rateLimit(String bucket) {
    return prefix + ":rl:" + bucket;
  }

  long ttl(JsonObject body) {
    return ttlMillis.get(CacheKind.fromWire(body.getString("kind")).wire());
  }

  /** Tombstones outlive any lease, so that no load older than a write can slip in after it. */
  long tombstoneTtl(JsonObject body) {
    return Math.max(ttl(body), 2 * leaseTimeoutMs);
  }
}
