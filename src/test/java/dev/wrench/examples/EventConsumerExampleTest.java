package dev.wrench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The example consumer of docs/event-consumers.md, as written: it joins a clustered Wrench with
 * nothing but the cluster's name and members, and receives each work order event as a CloudEvent.
 */
class EventConsumerExampleTest {

  @Test
  void theExampleConsumerReceivesTheEventsOfAClusteredWrench() {
    String name = "wrench-example-" + UUID.randomUUID();
    int port = 20_000 + ThreadLocalRandom.current().nextInt(40_000);
    List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1));
    Queue<JsonObject> received = new ConcurrentLinkedQueue<>();
    Vertx consumer =
        Http.await(WorkOrderEventConsumer.join(name, "127.0.0.1", port, members, received::add));
    try (WrenchServer server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "cluster",
                    new JsonObject()
                        .put("enabled", true)
                        .put("name", name)
                        .put("host", "127.0.0.1")
                        .put("port", port)
                        .put("members", new JsonArray(members)))
                .put(
                    "events",
                    new JsonObject().put("relay", new JsonObject().put("poll_ms", 20))))) {
      String id =
          WorkOrders.create(server.http(), server.adminToken(), "Seen by the example")
              .getString("id");
      Awaitility.await("the example consumer receives the event")
          .atMost(Duration.ofSeconds(30))
          .until(() -> received.stream().anyMatch(e -> id.equals(e.getString("subject"))));
      JsonObject event =
          received.stream()
              .filter(e -> id.equals(e.getString("subject")))
              .findFirst()
              .orElseThrow();
      assertThat(event.getString("specversion")).isEqualTo("1.0");
      assertThat(event.getString("type")).isEqualTo("dev.wrench.work_order.created.v1");
      assertThat(event.getJsonObject("data").getJsonObject("work_order").getString("title"))
          .isEqualTo("Seen by the example");
    } finally {
      Http.await(consumer.close());
    }
  }
}
