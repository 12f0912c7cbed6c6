package dev.wrench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.support.Http;
import dev.wrench.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache verticle's bus contract, the same for both stores: leases (one loader per key, the
 * others wait for its row), versions and tombstones (no stale row after a write), tenancy in the
 * keys.
 */
class CacheVerticleTest {

  private final Vertx vertx = Vertx.vertx();
  private final String org = UUID.randomUUID().toString();

  @AfterEach
  void close() {
    Http.await(vertx.close());
  }

  /** The configuration's {@code cache} and {@code redis} keys: Redis for "redis". */
  static JsonObject config(String store) {
    JsonObject cache =
        new JsonObject()
            .put("enabled", true)
            .put("ttl_seconds", new JsonObject().put("work_orders", 60).put("assets", 60))
            .put("lease_timeout_ms", 1_000);
    JsonObject redis =
        new JsonObject().put("key_prefix", TestRedis.uniquePrefix()).put("timeout_ms", 1_000);
    if (store.equals("redis")) {
      redis.put("url", TestRedis.url());
    }
    return new JsonObject().put("cache", cache).put("redis", redis);
  }

  private void deploy(JsonObject config) {
    AppConfig checked = AppConfig.load(config);
    Http.await(vertx.deployVerticle(new CacheVerticle(checked.cache(), checked.redis(), null)));
  }

  private JsonObject key(String id) {
    return new JsonObject().put("kind", "work-orders").put("org_id", org).put("id", id);
  }

  private Future<JsonObject> ask(String address, JsonObject message) {
    return vertx.eventBus().<JsonObject>request(address, message).map(reply -> reply.body());
  }

  private JsonObject call(String address, JsonObject message) {
    return Http.await(ask(address, message));
  }

  /** Until {@code count} misses wait for a load (Redis answers asynchronously). */
  private void awaitWaiting(int count) {
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> call(CacheVerticle.STATUS, new JsonObject()).getInteger("waiting") == count);
  }

  private static JsonObject row(String id, int version) {
    return new JsonObject().put("id", id).put("title", "v" + version).put("version", version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void firstMissLoadsAndConcurrentMissesWaitForItsRow(String store) {
    deploy(config(store));
    String id = UUID.randomUUID().toString();
    JsonObject first = call(CacheVerticle.GET, key(id));
    assertThat(first.getString("status")).isEqualTo("miss");
    assertThat(first.getLong("lease")).isNotNull();

    List<Future<JsonObject>> waiting = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waiting.add(ask(CacheVerticle.GET, key(id)));
    }
    // They wait for the loader: none has answered yet.
    awaitWaiting(10);
    assertThat(waiting).noneMatch(Future::isComplete);

    JsonObject put =
        call(
            CacheVerticle.PUT,
            key(id)
                .put("value", row(id, 1).encode())
                .put("version", 1)
                .put("lease", first.getLong("lease")));
    assertThat(put.getBoolean("stored")).isTrue();
    for (Future<JsonObject> answer : waiting) {
      JsonObject reply = Http.await(answer);
      assertThat(reply.getString("status")).isEqualTo("hit");
      assertThat(new JsonObject(reply.getString("value"))).isEqualTo(row(id, 1));
    }
    JsonObject hit = call(CacheVerticle.GET, key(id));
    assertThat(hit.getString("status")).isEqualTo("hit");
    assertThat(hit.getLong("version")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void aLoadThatBeganBeforeAWriteCannotCacheTheOldRowAfterIt(String store) {
    deploy(config(store));
    String id = UUID.randomUUID().toString();
    JsonObject miss = call(CacheVerticle.GET, key(id));
    Future<JsonObject> waiterBeforeWrite = ask(CacheVerticle.GET, key(id));
    awaitWaiting(1);
    // The write commits version 2 and invalidates; the load (of version 1) finishes after it.
    assertThat(call(CacheVerticle.INVALIDATE, key(id).put("version", 2)).getBoolean("stored"))
        .isTrue();
    // The waiter was told to read for itself, not handed the coming stale row.
    assertThat(Http.await(waiterBeforeWrite).getString("status")).isEqualTo("miss");
    JsonObject stale =
        call(
            CacheVerticle.PUT,
            key(id)
                .put("value", row(id, 1).encode())
                .put("version", 1)
                .put("lease", miss.getLong("lease")));
    assertThat(stale.getBoolean("stored")).isFalse();

    JsonObject next = call(CacheVerticle.GET, key(id));
    assertThat(next.getString("status")).isEqualTo("miss");
    assertThat(
            call(
                    CacheVerticle.PUT,
                    key(id)
                        .put("value", row(id, 2).encode())
                        .put("version", 2)
                        .put("lease", next.getLong("lease")))
                .getBoolean("stored"))
        .isTrue();
    assertThat(call(CacheVerticle.GET, key(id)).getLong("version")).isEqualTo(2);
    // An older row never replaces a newer one, nor does the same one.
    assertThat(
            call(CacheVerticle.PUT, key(id).put("value", row(id, 1).encode()).put("version", 1))
                .getBoolean("stored"))
        .isFalse();
    assertThat(
            call(CacheVerticle.PUT, key(id).put("value", row(id, 2).encode()).put("version", 2))
                .getBoolean("stored"))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void aWaiterThatSawANewerTombstoneIsNotGivenAnOlderRow(String store) {
    deploy(config(store));
    String id = UUID.randomUUID().toString();
    call(CacheVerticle.INVALIDATE, key(id).put("version", 5));
    JsonObject loader = call(CacheVerticle.GET, key(id));
    Future<JsonObject> waiter = ask(CacheVerticle.GET, key(id));
    awaitWaiting(1);
    // A loader that somehow read version 4 (a replica behind, say) cannot satisfy the waiter.
    call(
        CacheVerticle.PUT,
        key(id)
            .put("value", row(id, 4).encode())
            .put("version", 4)
            .put("lease", loader.getLong("lease")));
    assertThat(Http.await(waiter).getString("status")).isEqualTo("miss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void aDeletedRowIsNeverCachedAgainAndAReleasedLeaseSendsWaitersToTheDatabase(String store) {
    deploy(config(store));
    String id = UUID.randomUUID().toString();
    call(CacheVerticle.PUT, key(id).put("value", row(id, 3).encode()).put("version", 3));
    assertThat(call(CacheVerticle.GET, key(id)).getString("status")).isEqualTo("hit");
    call(CacheVerticle.INVALIDATE, key(id).put("version", (Integer) null));
    JsonObject loader = call(CacheVerticle.GET, key(id));
    assertThat(loader.getString("status")).isEqualTo("miss");
    Future<JsonObject> waiter = ask(CacheVerticle.GET, key(id));
    awaitWaiting(1);
    call(CacheVerticle.RELEASE, key(id).put("lease", loader.getLong("lease")));
    JsonObject released = Http.await(waiter);
    assertThat(released.getString("status")).isEqualTo("miss");
    assertThat(released.getLong("lease")).isNull();
    assertThat(
            call(CacheVerticle.PUT, key(id).put("value", row(id, 99).encode()).put("version", 99))
                .getBoolean("stored"))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void anAbandonedLeaseTimesOutAndItsWaitersReadThemselves(String store) {
    JsonObject shortLeases = config(store);
    shortLeases.getJsonObject("cache").put("lease_timeout_ms", 100);
    deploy(shortLeases);
    String id = UUID.randomUUID().toString();
    call(CacheVerticle.GET, key(id));
    JsonObject waited = call(CacheVerticle.GET, key(id));
    assertThat(waited.getString("status")).isEqualTo("miss");
    assertThat(waited.getLong("lease")).isNull();
    // The next miss may load again.
    assertThat(call(CacheVerticle.GET, key(id)).getLong("lease")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void theOrganizationIsPartOfTheKey(String store) {
    deploy(config(store));
    String id = UUID.randomUUID().toString();
    call(CacheVerticle.PUT, key(id).put("value", row(id, 1).encode()).put("version", 1));
    JsonObject otherTenant =
        call(CacheVerticle.GET, key(id).put("org_id", UUID.randomUUID().toString()));
    assertThat(otherTenant.getString("status")).isEqualTo("miss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void statusSaysWhichStoreAndThatItIsUp(String store) {
    deploy(config(store));
    JsonObject status = call(CacheVerticle.STATUS, new JsonObject());
    assertThat(status.getString("backend")).isEqualTo(store);
    assertThat(status.getString("state")).isEqualTo("up");
    assertThat(status.getString("breaker")).isEqualTo("CLOSED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void aDisabledCacheSaysBypassAndStoresNothing(String store) {
    JsonObject disabled = config(store);
    disabled.getJsonObject("cache").put("enabled", false);
    deploy(disabled);
    String id = UUID.randomUUID().toString();
    assertThat(call(CacheVerticle.GET, key(id)).getString("status")).isEqualTo("bypass");
    assertThat(
            call(CacheVerticle.PUT, key(id).put("value", row(id, 1).encode()).put("version", 1))
                .getBoolean("stored"))
        .isFalse();
    assertThat(call(CacheVerticle.STATUS, new JsonObject()).getString("state"))
        .isEqualTo("disabled");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void malformedRequestsFail400(String store) {
    deploy(config(store));
    for (String address :
        List.of(
            CacheVerticle.GET,
            CacheVerticle.PUT,
            CacheVerticle.RELEASE,
            CacheVerticle.INVALIDATE)) {
      Future<JsonObject> answer =
          ask(address, new JsonObject().put("kind", "nothing").put("org_id", org).put("id", "x"));
      assertThat(answer.toCompletionStage().toCompletableFuture())
          .failsWithin(java.time.Duration.ofSeconds(5));
    }
    String id = UUID.randomUUID().toString();
    assertThat(
            ask(CacheVerticle.PUT, key(id).put("value", "{}"))
                .toCompletionStage()
                .toCompletableFuture())
        .as("a row without a version")
        .failsWithin(java.time.Duration.ofSeconds(5));
  }
}
