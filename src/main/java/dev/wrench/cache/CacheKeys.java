package dev.wrench.cache;

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

  /** From the cache config: {@code key_prefix}, {@code ttl_seconds}, {@code lease_timeout_ms}. */
  CacheKeys(JsonObject config) {
    this.prefix = config.getString("key_prefix", "wrench");
    this.leaseTimeoutMs = config.getLong("lease_timeout_ms", 2_000L);
    JsonObject ttl = config.getJsonObject("ttl_seconds", new JsonObject());
    for (CacheKind kind : CacheKind.values()) {
      ttlMillis.put(kind.wire(), ttl.getLong(kind.wire(), 300L) * 1000);
    }
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
