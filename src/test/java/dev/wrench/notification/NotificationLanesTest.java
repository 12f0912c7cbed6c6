package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slots: a receiver that hangs holds only its own (per-target) slots, so other subscriptions keep
 * receiving; and critical work orders' notifications have a lane of their own, so they overtake a
 * backlog of routine ones. The worker has 4 routine slots, 4 critical ones and 2 per target; the
 * receiver's "hang" paths hold requests until the test releases them (the timeout is long).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationLanesTest {

  private WebhookReceiver receiver;
  private WrenchServer server;
  private Http http;
  private String admin;
  private final List<String> subscriptions = new ArrayList<>();
  private final List<String> hangPaths = new ArrayList<>();

  @BeforeAll
  void start() {
    receiver = new WebhookReceiver();
    server =
        WrenchServer.start(
            new JsonObject()
                .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20)))
                .put(
                    "notifications",
                    new JsonObject()
                        .put("poll_ms", 50)
                        .put("routine_slots", 4)
                        .put("critical_slots", 4)
                        .put("per_target", 2)
                        .put(
                            "webhooks",
                            new JsonObject()
                                .put("timeout_ms", 120_000)
                                .put("allow_private_targets", true))));
    http = server.http();
    admin = server.adminToken();
  }

  @AfterEach
  void cleanUp() {
    subscriptions.forEach(id -> http.delete("/api/v1/webhooks/" + id).token(admin).send());
    subscriptions.clear();
    hangPaths.forEach(receiver::release);
    hangPaths.clear();
  }

  @AfterAll
  void stop() {
    server.close();
    receiver.close();
  }

  private void subscribe(String path) {
    Http.Response created =
        http.post("/api/v1/webhooks")
            .token(admin)
            .json(
                new JsonObject()
                    .put("url", receiver.url(path))
                    .put("event_types", new JsonArray().add("work_order.created")))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    subscriptions.add(created.json().getString("id"));
  }

  private String hanging() {
    String path = "/hang-" + UUID.randomUUID();
    receiver.mode(path, WebhookReceiver.Mode.HANG);
    hangPaths.add(path);
    subscribe(path);
    return path;
  }

  /** The body of a work order of {@code priority}, the lane its notifications go to. */
  private static JsonObject lane(String priority) {
    return new JsonObject().put("title", "Lane " + priority).put("priority", priority);
  }

  @Test
  void aReceiverThatHangsDoesNotHoldUpOtherSubscriptions() {
    String hang = hanging();
    String ok = "/ok-" + UUID.randomUUID();
    subscribe(ok);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(WorkOrders.create(http, admin, lane("low")).getString("id"));
    }
    Awaitility.await("all 8 at the healthy receiver")
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.at(ok).size() >= 8);
    // Meanwhile the hanging receiver holds its two slots, and no more.
    assertThat(receiver.hanging(hang)).isEqualTo(2);
    assertThat(receiver.at(ok))
        .extracting(r -> r.json().getString("subject"))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aCriticalNotificationOvertakesABacklogOfRoutineOnes() {
    // Two hanging subscriptions fill the four routine slots (two each).
    String first = hanging();
    String second = hanging();
    WorkOrders.create(http, admin, lane("low"));
    WorkOrders.create(http, admin, lane("low"));
    Awaitility.await("the routine lane full")
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.hanging(first) == 2 && receiver.hanging(second) == 2);

    // A backlog of routine notifications to a healthy receiver queues behind them...
    String ok = "/ok-" + UUID.randomUUID();
    subscribe(ok);
    List<String> routine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      routine.add(WorkOrders.create(http, admin, lane("medium")).getString("id"));
    }
    // ...and a critical work order's notification overtakes it.
    String critical = WorkOrders.create(http, admin, lane("critical")).getString("id");
    Awaitility.await("the critical notification")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !receiver.about(ok, critical).isEmpty());
    assertThat(receiver.at(ok))
        .extracting(r -> r.json().getString("subject"))
        .containsExactly(critical);

    // Once the hanging receivers answer, the backlog drains.
    receiver.release(first);
    receiver.release(second);
    Awaitility.await("the routine backlog")
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.at(ok).size() >= 6);
    assertThat(receiver.at(ok)).extracting(r -> r.json().getString("subject")).containsAll(routine);
  }
}
