package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.bus.SameLoop;
import dev.wrench.support.Http;
import dev.wrench.support.TestRedis;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances of the service (each its own Vert.x, HTTP, database and cache verticles) on one
 * PostgreSQL and one Redis, as behind a load balancer: a write on one is never read stale on the
 * other, and both spend one rate-limit budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {

  private WrenchServer first;
  private WrenchServer second;
  private String admin;
  private final AtomicInteger secondInstanceReads = new AtomicInteger();

  private static JsonObject config() {
    return new JsonObject()
        .put("redis", new JsonObject().put("url", TestRedis.url()).put("key_prefix", PREFIX))
        .put(
            "rate_limit",
            WrenchServer.testRateLimits().put("roles", new JsonObject().put("requester", 10)));
  }

  private static final String PREFIX = TestRedis.uniquePrefix();

  @BeforeAll
  void start() {
    first = WrenchServer.start(config());
    second = first.startAnotherInstance(config());
    admin = first.adminToken();
    second
        .vertx()
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              if (SameLoop.shared(delivery.message().address())
                  .equals((WorkOrderService.ADDRESS + ".get"))) {
                secondInstanceReads.incrementAndGet();
              }
              delivery.next();
            });
  }

  @AfterAll
  void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void aWriteOnOneInstanceIsNeverReadStaleOnTheOther() {
    JsonObject wo = WorkOrders.create(first.http(), admin, "v1");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    int reads = secondInstanceReads.get();
    // Cached by the second instance; the first reads it from the shared cache.
    assertThat(second.http().get(path).token(admin).send().json()).isEqualTo(wo);
    assertThat(first.http().get(path).token(admin).send().json()).isEqualTo(wo);
    assertThat(second.http().get(path).token(admin).send().json()).isEqualTo(wo);
    assertThat(secondInstanceReads.get()).isEqualTo(reads + 1);

    for (int version = 1; version <= 6; version++) {
      WrenchServer writer = version % 2 == 1 ? first : second;
      WrenchServer reader = version % 2 == 1 ? second : first;
      Http.Response patched =
          writer
              .http()
              .patch(path)
              .token(admin)
              .header("If-Match", "\"" + version + "\"")
              .mergePatch(new JsonObject().put("title", "v" + (version + 1)))
              .send();
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
      Http.Response read = reader.http().get(path).token(admin).send();
      assertThat(read.json().getInteger("version")).isEqualTo(version + 1);
      assertThat(read.json().getString("title")).isEqualTo("v" + (version + 1));
    }
    assertThat(first.http().delete(path).token(admin).send().status()).isEqualTo(204);
    assertThat(second.http().get(path).token(admin).send().status()).isEqualTo(404);
  }

  @Test
  void bothInstancesSpendOneBudget() {
    String requester = first.createUser("requester").token();
    int remaining = 10;
    for (int i = 0; i < 10; i++) {
      WrenchServer instance = i % 3 == 0 ? second : first;
      Http.Response response = instance.http().get("/api/v1/work-orders").token(requester).send();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(--remaining));
    }
    for (WrenchServer instance : new WrenchServer[] {first, second}) {
      Http.Response refused = instance.http().get("/api/v1/work-orders").token(requester).send();
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().getString("type")).isEqualTo("/problems/rate-limited");
    }
  }
}
