package dev.wrench.api;

import dev.wrench.support.TestRedis;
import io.vertx.core.json.JsonObject;

/** Rate limits kept in Redis (the shared test Redis, under a key prefix of this run's own). */
class RateLimitApiRedisTest extends RateLimitApiTestBase {

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
