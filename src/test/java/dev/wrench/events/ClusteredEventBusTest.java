package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.cache.CacheVerticle;
import dev.wrench.cluster.Clustering;
import dev.wrench.config.ClusterConfig;
import dev.wrench.identity.UserService;
import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import dev.wrench.workorder.WorkOrderEventType;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two clustered Vert.x instances on loopback (Hazelcast, TCP-IP join on 127.0.0.1, no multicast):
 * one runs Wrench with {@code cluster.enabled}, the other is a plain clustered consumer. A work
 * order created over HTTP on the first reaches the consumer on the second as CloudEvents; the
 * second node cannot reach the first's database verticle (its addresses are local consumers), and
 * readiness reports the membership.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusteredEventBusTest {

  /** A cluster of this test's own, so that no other run on the machine joins it. */
  private final String clusterName = "wrench-test-" + UUID.randomUUID();

  private Vertx consumerNode;
  private WrenchServer server;
  private final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();

  private final Queue<JsonObject> invalidations = new ConcurrentLinkedQueue<>();

  @BeforeAll
  void start() {
    // Ports of this test's own (Hazelcast's 5701-5703 may be another run's): the first node takes
    // the base port, the second the next one (auto-increment), and each lists both as members.
    int port = 20_000 + ThreadLocalRandom.current().nextInt(40_000);
    JsonObject cluster =
        new JsonObject()
            .put("enabled", true)
            .put("name", clusterName)
            .put("host", "127.0.0.1")
            .put("port", port)
            .put(
                "members", new JsonArray().add("127.0.0.1:" + port).add("127.0.0.1:" + (port + 1)));
    // The other node: a plain Vert.x in the same cluster, built with Wrench's own Hazelcast set-up.
    ClusterConfig settings = AppConfig.load(new JsonObject().put("cluster", cluster)).cluster();
    consumerNode =
        Http.await(
            Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(Clustering.eventBusOptions(settings)))
                .withClusterManager(Clustering.clusterManager(settings))
                .buildClustered());
    Http.await(
        consumerNode
            .eventBus()
            .<JsonObject>consumer(
                OutboxRelayVerticle.WORK_ORDER_EVENTS, m -> received.add(m.body()))
            .completion());
    Http.await(
        consumerNode
            .eventBus()
            .<JsonObject>consumer(CacheVerticle.INVALIDATED, m -> invalidations.add(m.body()))
            .completion());
    server =
        WrenchServer.start(
            new JsonObject()
                .put("cluster", cluster)
                .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20))));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (consumerNode != null) {
      Http.await(consumerNode.close());
    }
  }

  @Test
  void workOrderEventsReachAConsumerOnAnotherNode() {
    String admin = server.adminToken();
    String id = WorkOrders.create(server.http(), admin, "Clustered pump check").getString("id");
    Http.Response started =
        server
            .http()
            .patch("/api/v1/work-orders/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("status", "in_progress"))
            .send();
    assertThat(started.status()).as(started.toString()).isEqualTo(200);

    Awaitility.await("events of " + id + " on the other node")
        .atMost(Duration.ofSeconds(30))
        .until(() -> eventsOf(id).size() >= 2);
    List<JsonObject> events = eventsOf(id);
    assertThat(events.stream().map(e -> EventSchemas.typeOf(e)).toList())
        .containsExactly(WorkOrderEventType.CREATED, WorkOrderEventType.STATUS_CHANGED);
    events.forEach(EventSchemas::check);
  }

  @Test
  void theInProcessCacheInvalidationsReachTheOtherNodes() {
    String admin = server.adminToken();
    String id = WorkOrders.create(server.http(), admin, "Cached valve").getString("id");
    assertThat(server.http().get("/api/v1/work-orders/" + id).token(admin).send().status())
        .isEqualTo(200);
    Http.Response renamed =
        server
            .http()
            .patch("/api/v1/work-orders/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("title", "Cached valve, renamed"))
            .send();
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    Awaitility.await("the invalidation of " + id + " on the other node")
        .atMost(Duration.ofSeconds(20))
        .until(() -> invalidations.stream().anyMatch(m -> m.getString("key").contains(id)));
  }

  @Test
  void databaseRequestsNeverCrossToAnotherNode() {
    Throwable refused =
        consumerNode
            .eventBus()
            .request((UserService.ADDRESS + ".bootstrap-needed"), new JsonObject())
            .toCompletionStage()
            .toCompletableFuture()
            .handle((reply, failure) -> failure)
            .join();
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void readinessShowsTheClusterMembers() {
    Http.Response ready =
        server.http().get("/api/v1/admin/health").token(server.adminToken()).send();
    assertThat(ready.status()).isEqualTo(200);
    JsonObject cluster = ready.check("cluster").getJsonObject("data");
    assertThat(cluster.getBoolean("clustered")).isTrue();
    assertThat(cluster.getInteger("members")).isEqualTo(2);
    assertThat(cluster.getJsonArray("nodes")).hasSize(2);
  }

  private List<JsonObject> eventsOf(String workOrderId) {
    return received.stream().filter(e -> workOrderId.equals(e.getString("subject"))).toList();
  }
}
