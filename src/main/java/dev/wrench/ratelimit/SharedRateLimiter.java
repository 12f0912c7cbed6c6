package dev.wrench.ratelimit;

import dev.wrench.bus.SameLoop;
import dev.wrench.cache.CacheVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits shared by every instance: each request takes from its window in Redis, through the cache
 * verticle ({@code CacheVerticle.RATE_LIMIT_TAKE}, one Lua script, atomic). When Redis cannot
 * answer (down, slow, breaker open) the request is limited by this instance's own windows instead,
 * so that losing Redis never refuses or fails a request for that reason alone; the switch is logged
 * once each way, for the whole process.
 */
public final class SharedRateLimiter implements RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimiter.class);

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final ProcessLimits process;
  private final long windowMillis;

  public SharedRateLimiter(
      EventBus bus, long timeoutMillis, ProcessLimits process, long windowMillis) {
    this.bus = bus;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.process = process;
    this.windowMillis = windowMillis;
  }

  @Override
  public Future<RateLimitDecision> take(RateLimitPolicy.Budget budget) {
    return take(budget, windowMillis);
  }

  @Override
  public Future<RateLimitDecision> take(RateLimitPolicy.Budget budget, long window) {
    JsonObject request =
        new JsonObject()
            .put("bucket", budget.bucket())
            .put("limit", budget.limit())
            .put("window_ms", window);
    return bus.<JsonObject>request(
            SameLoop.nearest(CacheVerticle.RATE_LIMIT_TAKE), request, delivery)
        .map(
            reply -> {
              if (process.stopFallingBack()) {
                LOG.info("Rate limiting: Redis answers again; limits are shared by every instance");
              }
              return RateLimitDecision.fromJson(reply.body());
            })
        .otherwise(
            e -> {
              if (process.startFallingBack()) {
                LOG.warn(
                    "Rate limiting falls back to this instance's in-process limiter: Redis is"
                        + " unavailable ({})",
                    e.getMessage());
              }
              return process.windows().take(budget.bucket(), budget.limit(), window);
            });
  }

  @Override
  public String describe() {
    return process.fallingBack() ? "in-process (fallback: Redis unavailable)" : "redis";
  }
}
