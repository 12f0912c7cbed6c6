package dev.wrench.ratelimit;

import io.vertx.core.Future;

/** Takes one request from a budget's window. Never fails: a limiter that cannot ask falls back. */
public interface RateLimiter {

  Future<RateLimitDecision> take(RateLimitPolicy.Budget budget);

  /** As {@link #take(RateLimitPolicy.Budget)}, in a window of its own instead of the policy's. */
  Future<RateLimitDecision> take(RateLimitPolicy.Budget budget, long windowMillis);

  /** Where the limits are kept now, for the start-up log and the readiness data. */
  String describe();
}
