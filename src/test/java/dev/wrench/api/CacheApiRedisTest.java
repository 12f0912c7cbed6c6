package dev.wrench.api;

import dev.wrench.support.TestRedis;
import io.vertx.core.json.JsonObject;

/** The cache in Redis (the shared test Redis, under a key prefix of this run's own). */
class CacheApiRedisTest extends CacheApiTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject()
        .put(
            "redis",
            new JsonObject()
                .put("url", TestRedis.url())
                .put("key_prefix", TestRedis.uniquePrefix())
                // These tests are about the cache's behaviour, not Redis's timeouts: on a loaded
                // machine a call over the default 250 ms would fall through to PostgreSQL (as it
                // should) and count as a second read. RedisOutageTest covers the timeouts.
                .put("timeout_ms", 3_000));
  }
}
