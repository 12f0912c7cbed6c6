package dev.wrench.api;

import dev.wrench.support.TestRedis;
import io.vertx.core.json.JsonObject;

/** The public intake budgets kept in Redis (the shared test Redis, under a prefix of its own). */
class PublicIntakeRateLimitRedisTest extends PublicIntakeRateLimitTest {

  @Override
  protected JsonObject backend() {
    return new JsonObject()
        .put(
            "redis",
            new JsonObject()
                .put("url", TestRedis.url())
                .put("key_prefix", TestRedis.uniquePrefix()));
  }
}
