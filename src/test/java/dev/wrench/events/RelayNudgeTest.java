package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.BusEvents;
import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The relay is woken by the writes it has to publish: with a poll of a minute (and no overdue check
 * within the test), an event can only arrive within the tests' ten seconds because its write nudged
 * the relay once committed. Each test first waits for an event of its own, so that the relay's
 * start-up round is over (it would find any event written before it ran).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayNudgeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private WrenchServer server;
  private Http http;
  private String admin;
  private BusEvents bus;

  @BeforeAll
  void start() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "events",
                    new JsonObject()
                        .put("overdue_check_ms", 3_600_000)
                        .put("relay", new JsonObject().put("poll_ms", 60_000))));
    http = server.http();
    admin = server.adminToken();
    bus = BusEvents.collect(server.vertx());
  }

  @AfterAll
  void stop() {
    bus.close();
    server.close();
  }

  private List<JsonObject> awaitEvents(String workOrderId, int count) {
    Awaitility.await("events of " + workOrderId)
        .atMost(WAIT)
        .until(() -> bus.of(workOrderId).size() >= count);
    return bus.of(workOrderId);
  }

  @Test
  void aCommittedWriteIsPublishedWithoutWaitingForThePoll() {
    awaitEvents(WorkOrders.create(http, admin, "Before").getString("id"), 1);

    String id = WorkOrders.create(http, admin, "Woken").getString("id");
    assertThat(awaitEvents(id, 1)).singleElement().satisfies(EventSchemas::check);

    Http.Response comment =
        http.post("/api/v1/work-orders/" + id + "/comments")
            .token(admin)
            .json(new JsonObject().put("body", "Nudged too"))
            .send();
    assertThat(comment.status()).isEqualTo(201);
    List<JsonObject> events = awaitEvents(id, 2);
    assertThat(events.get(1).getString("type")).isEqualTo("dev.wrench.work_order.commented.v1");
  }

  @Test
  void aBurstOfWritesIsPublishedOnceAndInOrder() {
    awaitEvents(WorkOrders.create(http, admin, "Before the burst").getString("id"), 1);

    // Twenty creates at once, their nudges arriving while rounds are in flight...
    List<Future<Http.Response>> creates = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      creates.add(
          http.post("/api/v1/work-orders")
              .token(admin)
              .json(new JsonObject().put("title", "Burst " + i))
              .sendAsync());
    }
    // ...and, meanwhile, one work order changed ten times in a row.
    String changed = WorkOrders.create(http, admin, "Changed in a row").getString("id");
    for (int version = 1; version <= 10; version++) {
      Http.Response patched =
          http.patch("/api/v1/work-orders/" + changed)
              .token(admin)
              .header("If-Match", "\"" + version + "\"")
              .mergePatch(new JsonObject().put("title", "Change " + version))
              .send();
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    }
    List<String> created = new ArrayList<>();
    for (Future<Http.Response> create : creates) {
      Http.Response response = Http.await(create);
      assertThat(response.status()).as(response.toString()).isEqualTo(201);
      created.add(response.json().getString("id"));
    }

    for (String id : created) {
      assertThat(awaitEvents(id, 1)).hasSize(1);
    }
    List<JsonObject> events = awaitEvents(changed, 11);
    assertThat(events).hasSize(11);
    assertThat(events.stream().map(e -> e.getLong("wrenchsequence")).toList()).isSorted();
    assertThat(events.stream().map(e -> e.getString("id")).distinct()).hasSize(11);
    assertThat(events.stream().skip(1).map(e -> e.getJsonObject("data")))
        .extracting(data -> data.getJsonObject("changes").getJsonObject("title").getString("new"))
        .containsExactly(
            "Change 1",
            "Change 2",
            "Change 3",
            "Change 4",
            "Change 5",
            "Change 6",
            "Change 7",
            "Change 8",
            "Change 9",
            "Change 10");
  }
}
