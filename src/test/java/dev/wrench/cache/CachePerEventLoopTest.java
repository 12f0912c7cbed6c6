package dev.wrench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.support.Http;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache verticles of one process, one per event loop (issue 16): they share the store, so a row
 * stored through one is a hit through the others, a write's tombstone is seen by all as soon as the
 * write's invalidation is answered, and misses on several loops wait for one load.
 */
class CachePerEventLoopTest {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final String org = UUID.randomUUID().toString();

  @AfterEach
  void close() {
    Http.await(vertx.close());
  }

  private void deploy(String store) {
    AppConfig checked = AppConfig.load(CacheVerticleTest.config(store));
    Http.await(
        vertx.deployVerticle(
            CacheVerticle.perEventLoop(checked.cache(), checked.redis(), null),
            new DeploymentOptions().setInstances(2)));
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

  @ParameterizedTest
  @ValueSource(strings = {"in-process", "redis"})
  void theInstancesShareRowsTombstonesAndLoads(String store) {
    deploy(store);
    String id = UUID.randomUUID().toString();
    JsonObject miss = call(CacheVerticle.GET, key(id));
    assertThat(miss.getLong("lease")).isNotNull();

    // The test's thread is on no event loop: its requests go to the two instances in turn, and the
    // misses on both wait for the one load in flight.
    List<Future<JsonObject>> waiting = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiting.add(ask(CacheVerticle.GET, key(id)));
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> call(CacheVerticle.STATUS, new JsonObject()).getInteger("waiting") == 4);
    JsonObject row = new JsonObject().put("id", id).put("version", 1);
    JsonObject put =
        call(
            CacheVerticle.PUT,
            key(id)
                .put("value", row.encode())
                .put("version", 1)
                .put("lease", miss.getLong("lease")));
    assertThat(put.getBoolean("stored")).isTrue();
    for (Future<JsonObject> answer : waiting) {
      assertThat(Http.await(answer).getString("status")).isEqualTo("hit");
    }
    for (int i = 0; i < 4; i++) {
      assertThat(call(CacheVerticle.GET, key(id)).getString("status")).isEqualTo("hit");
    }

    assertThat(call(CacheVerticle.INVALIDATE, key(id).put("version", 2)).getBoolean("stored"))
        .isTrue();
    for (int i = 0; i < 4; i++) {
      JsonObject after = call(CacheVerticle.GET, key(id));
      assertThat(after.getString("status")).isEqualTo("miss");
      call(CacheVerticle.RELEASE, key(id).put("lease", after.getLong("lease")));
    }
  }
}
