package dev.wrench.ratelimit;

import io.vertx.core.json.JsonObject;

/**
 * The answer of a rate limiter for one request: whether it may go on, the limit of its window, how
 * many requests are left in it, and in how many milliseconds the oldest counted request leaves the
 * window (when a refused request may retry).
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetMillis) {

  public RateLimitDecision {
    remaining = Math.max(0, remaining);
    resetMillis = Math.max(0, resetMillis);
  }

  /** {@code X-RateLimit-Reset} and {@code Retry-After}: whole seconds, rounded up, at least 1. */
  public long resetSeconds() {
    return Math.max(1, (resetMillis + 999) / 1000);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("allowed", allowed)
        .put("limit", limit)
        .put("remaining", remaining)
        .put("reset_ms", resetMillis);
  }

  public static RateLimitDecision fromJson(JsonObject json) {
    return new RateLimitDecision(
        json.getBoolean("allowed"),
        json.getInteger("limit"),
        json.getInteger("remaining"),
        json.getLong("reset_ms"));
  }
}
