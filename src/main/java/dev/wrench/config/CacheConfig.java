package dev.wrench.config;

import io.vertx.core.json.JsonObject;

/**
 * {@code cache}: cache-aside of single work orders, assets and technicians; entry lifetimes per
 * kind, the bounds of the in-process cache, and how long a miss waits for another's load.
 */
public record CacheConfig(
    boolean enabled,
    int workOrderTtlSeconds,
    int assetTtlSeconds,
    int technicianTtlSeconds,
    int maxEntries,
    int maxMegabytes,
    int leaseTimeoutMs) {

  /** From the checked {@code cache} subtree. */
  public static CacheConfig from(JsonObject cache) {
    JsonObject ttl = cache.getJsonObject("ttl_seconds");
    return new CacheConfig(
        cache.getBoolean("enabled"),
        ttl.getInteger("work_orders"),
        ttl.getInteger("assets"),
        ttl.getInteger("technicians"),
        cache.getInteger("max_entries"),
        cache.getInteger("max_megabytes"),
        cache.getInteger("lease_timeout_ms"));
  }
}
