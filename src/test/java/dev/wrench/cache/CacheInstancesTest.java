package dev.wrench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.ratelimit.RateLimitDecision;
import dev.wrench.support.Http;
import dev.wrench.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two deployments of the cache verticle, each on a Vert.x of its own (two instances of the
 * service): invalidations and rate-limit windows reach both through Redis. And the in-process
 * store's invalidations published on the event bus.
 */
class CacheInstancesTest {

  private final Vertx first = Vertx.vertx();
  private final Vertx second = Vertx.vertx();
  private final String prefix = TestRedis.uniquePrefix();
  private final String org = UUID.randomUUID().toString();

  @AfterEach
  void close() {
    Http.await(Future.join(first.close(), second.close()));
  }

  /** The configuration's {@code cache} and {@code redis} keys. */
  private JsonObject redisConfig() {
    return new JsonObject()
        .put(
            "cache",
            new JsonObject()
                .put("enabled", true)
                .put("ttl_seconds", new JsonObject().put("work_orders", 60))
                // Long: a waiter released sooner was released by the other instance's
                // invalidation.
                .put("lease_timeout_ms", 30_000))
        .put(
            "redis",
            new JsonObject()
                .put("key_prefix", prefix)
                .put("url", TestRedis.url())
                .put("timeout_ms", 1_000)
                .put("breaker_reset_ms", 200));
  }

  private static void deploy(Vertx vertx, JsonObject config) {
    AppConfig checked = AppConfig.load(config);
    Http.await(vertx.deployVerticle(new CacheVerticle(checked.cache(), checked.redis(), null)));
  }

  private JsonObject key(String id) {
    return new JsonObject().put("kind", "work-orders").put("org_id", org).put("id", id);
  }

  private static Future<JsonObject> ask(Vertx vertx, String address, JsonObject message) {
    return vertx.eventBus().<JsonObject>request(address, message).map(reply -> reply.body());
  }

  private static JsonObject call(Vertx vertx, String address, JsonObject message) {
    return Http.await(ask(vertx, address, message));
  }

  @Test
  void anInvalidationOnOneInstanceReleasesTheLoadsInFlightOnTheOther() {
    deploy(first, redisConfig());
    deploy(second, redisConfig());
    String id = UUID.randomUUID().toString();
    JsonObject loader = call(second, CacheVerticle.GET, key(id));
    assertThat(loader.getLong("lease")).isNotNull();
    Future<JsonObject> waiter = ask(second, CacheVerticle.GET, key(id));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> call(second, CacheVerticle.STATUS, new JsonObject()).getInteger("waiting") == 1);

    // The second instance subscribes asynchronously at start: invalidate until it hears one.
    int[] version = {1};
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              call(first, CacheVerticle.INVALIDATE, key(id).put("version", ++version[0]));
              return waiter.isComplete();
            });
    assertThat(Http.await(waiter).getString("status")).isEqualTo("miss");
    // The stale load of the second instance cannot be cached over the first one's write.
    JsonObject stale =
        call(
            second,
            CacheVerticle.PUT,
            key(id)
                .put("value", new JsonObject().put("id", id).put("version", 1).encode())
                .put("version", 1)
                .put("lease", loader.getLong("lease")));
    assertThat(stale.getBoolean("stored")).isFalse();
  }

  @Test
  void bothInstancesSpendOneRateLimitWindow() {
    deploy(first, redisConfig());
    deploy(second, redisConfig());
    JsonObject take =
        new JsonObject()
            .put("bucket", "u:" + UUID.randomUUID())
            .put("limit", 3)
            .put("window_ms", 60_000);
    RateLimitDecision one =
        RateLimitDecision.fromJson(call(first, CacheVerticle.RATE_LIMIT_TAKE, take));
    RateLimitDecision two =
        RateLimitDecision.fromJson(call(second, CacheVerticle.RATE_LIMIT_TAKE, take));
    RateLimitDecision three =
        RateLimitDecision.fromJson(call(first, CacheVerticle.RATE_LIMIT_TAKE, take));
    RateLimitDecision four =
        RateLimitDecision.fromJson(call(second, CacheVerticle.RATE_LIMIT_TAKE, take));
    assertThat(one)
        .extracting(RateLimitDecision::allowed, RateLimitDecision::remaining)
        .containsExactly(true, 2);
    assertThat(two)
        .extracting(RateLimitDecision::allowed, RateLimitDecision::remaining)
        .containsExactly(true, 1);
    assertThat(three)
        .extracting(RateLimitDecision::allowed, RateLimitDecision::remaining)
        .containsExactly(true, 0);
    assertThat(four.allowed()).isFalse();
    assertThat(four.remaining()).isZero();
    assertThat(four.limit()).isEqualTo(3);
    assertThat(four.resetMillis()).isBetween(1L, 60_000L);
  }

  @Test
  void theInProcessStoreAppliesInvalidationsPublishedByAnotherCacheVerticle() {
    JsonObject config =
        new JsonObject()
            .put(
                "cache",
                new JsonObject()
                    .put("enabled", true)
                    .put("ttl_seconds", new JsonObject().put("work_orders", 60)))
            .put("redis", new JsonObject().put("key_prefix", prefix));
    deploy(first, config);
    String id = UUID.randomUUID().toString();
    call(
        first,
        CacheVerticle.PUT,
        key(id)
            .put("value", new JsonObject().put("id", id).put("version", 1).encode())
            .put("version", 1));
    assertThat(call(first, CacheVerticle.GET, key(id)).getString("status")).isEqualTo("hit");
    first
        .eventBus()
        .publish(
            CacheVerticle.INVALIDATED,
            new JsonObject()
                .put("key", prefix + ":c:work-orders:" + org + ":" + id)
                .put("version", 2)
                .put("ttl_ms", 60_000)
                .put("origin", "another-cache-verticle"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "miss".equals(call(first, CacheVerticle.GET, key(id)).getString("status")));
    JsonObject stale =
        call(
            first,
            CacheVerticle.PUT,
            key(id)
                .put("value", new JsonObject().put("id", id).put("version", 1).encode())
                .put("version", 1));
    assertThat(stale.getBoolean("stored")).isFalse();
  }

  @Test
  void withoutRedisThereIsNoSharedRateLimitAddress() {
    deploy(first, new JsonObject().put("redis", new JsonObject().put("key_prefix", prefix)));
    Future<JsonObject> answer =
        ask(
            first,
            CacheVerticle.RATE_LIMIT_TAKE,
            new JsonObject().put("bucket", "b").put("limit", 1).put("window_ms", 1_000));
    assertThat(answer.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
  }
}
