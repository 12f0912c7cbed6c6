package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.HealthRoutes;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database, each running its relay (in-process delivery, so each publishes on
 * its own event bus): the lease lets one of them publish at a time, so every event appears exactly
 * once across both, even with a lease of 3 s renewed all the time; when the holder stops, the other
 * takes over: within the poll interval when the holder shut down (it hands the lease on), when the
 * lease expires when it died.
 */
class RelayLeaseTest {

  private static JsonObject config() {
    // A short lease: a live holder renews it with every claim; a stopped one loses it soon even
    // when its release did not get through.
    return new JsonObject()
        .put("kafka", new JsonObject().put("delivery_timeout_ms", 1_000))
        .put(
            "events",
            new JsonObject()
                .put("relay", new JsonObject().put("poll_ms", 20).put("lease_ms", 3_000)));
  }

  private static JsonObject status(WrenchServer server) {
    return Http.await(
            server
                .vertx()
                .eventBus()
                .<JsonObject>request(HealthRoutes.EVENTS_STATUS, new JsonObject()))
        .body();
  }

  @Test
  void oneInstancePublishesAtATimeAndTheOtherTakesOverWhenItStops() {
    WrenchServer first = WrenchServer.start(config());
    WrenchServer second = first.startAnotherInstance(config());
    try {
      Queue<String> onFirst = new ConcurrentLinkedQueue<>();
      Queue<String> onSecond = new ConcurrentLinkedQueue<>();
      first
          .vertx()
          .eventBus()
          .<JsonObject>consumer(
              OutboxRelayVerticle.WORK_ORDER_EVENTS, m -> onFirst.add(m.body().getString("id")));
      second
          .vertx()
          .eventBus()
          .<JsonObject>consumer(
              OutboxRelayVerticle.WORK_ORDER_EVENTS, m -> onSecond.add(m.body().getString("id")));
      String admin = first.adminToken();
      for (int i = 0; i < 20; i++) {
        WorkOrders.create((i % 2 == 0 ? first : second).http(), admin, "Lease " + i);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> onFirst.size() + onSecond.size() >= 20);
      List<String> all = new ArrayList<>(onFirst);
      all.addAll(onSecond);
      assertThat(all).hasSize(20).doesNotHaveDuplicates();
      // Exactly one of them holds the lease and published everything.
      boolean firstHolds = status(first).getBoolean("holds_lease");
      assertThat(status(second).getBoolean("holds_lease")).isNotEqualTo(firstHolds);
      assertThat(firstHolds ? onSecond : onFirst).isEmpty();

      WrenchServer holder = firstHolds ? first : second;
      WrenchServer other = firstHolds ? second : first;
      Queue<String> otherReceived = firstHolds ? onSecond : onFirst;
      // The holder dies without its shutdown (as at SIGKILL): its lease only expires.
      holder.kill();
      for (int i = 0; i < 10; i++) {
        WorkOrders.create(other.http(), admin, "After the hand-over " + i);
      }
      Awaitility.await("the other instance takes over")
          .atMost(Duration.ofSeconds(20))
          .until(() -> otherReceived.size() >= 10);
      assertThat(otherReceived).hasSize(10).doesNotHaveDuplicates();
      assertThat(status(other).getBoolean("holds_lease")).isTrue();
      assertThat(status(other).getLong("pending")).isZero();
    } finally {
      second.close();
      first.close();
    }
  }

  @Test
  void aShutdownHandsTheLeaseOnAtOnce() {
    // The default lease (30 s): a hand-over that only waited for it would fail the 2 s below.
    JsonObject defaults =
        new JsonObject().put("kafka", new JsonObject().put("delivery_timeout_ms", 1_000));
    WrenchServer first = WrenchServer.start(defaults);
    WrenchServer second = first.startAnotherInstance(defaults);
    try {
      String admin = first.adminToken();
      WorkOrders.create(first.http(), admin, "Before the shutdown");
      Awaitility.await("one instance holds the lease")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  status(first).getBoolean("holds_lease")
                      || status(second).getBoolean("holds_lease"));
      boolean firstHolds = status(first).getBoolean("holds_lease");
      WrenchServer holder = firstHolds ? first : second;
      WrenchServer other = firstHolds ? second : first;
      Queue<String> received = new ConcurrentLinkedQueue<>();
      other
          .vertx()
          .eventBus()
          .<JsonObject>consumer(
              OutboxRelayVerticle.WORK_ORDER_EVENTS, m -> received.add(m.body().getString("id")));

      holder.shutdown();
      long shutDown = System.nanoTime();
      WorkOrders.create(other.http(), admin, "After the shutdown");
      Awaitility.await("the other instance publishes at once, not after the lease")
          .atMost(Duration.ofSeconds(2))
          .until(() -> !received.isEmpty());
      long tookMs = (System.nanoTime() - shutDown) / 1_000_000;
      assertThat(status(other).getBoolean("holds_lease")).as("took %d ms", tookMs).isTrue();
    } finally {
      second.close();
      first.close();
    }
  }
}
