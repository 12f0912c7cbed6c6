package dev.wrench.ratelimit;

import io.vertx.core.Future;

/** The embedded mode's limiter (no Redis): this instance's own windows. */
public final class LocalRateLimiter implements RateLimiter {

  private final SlidingWindowLimiter windows;
  private final long windowMillis;

  public LocalRateLimiter(ProcessLimits process, long windowMillis) {
    this.windows = process.windows();
    this.windowMillis = windowMillis;
  }

  @Override
  public Future<RateLimitDecision> take(RateLimitPolicy.Budget budget) {
    return take(budget, windowMillis);
  }

  @Override
  public Future<RateLimitDecision> take(RateLimitPolicy.Budget budget, long window) {
    return Future.succeededFuture(windows.take(budget.bucket(), budget.limit(), window));
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
