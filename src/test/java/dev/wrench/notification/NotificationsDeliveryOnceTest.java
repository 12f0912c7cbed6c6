package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.events.EventBusDelivery;
import dev.wrench.support.Http;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An event consumed twice is delivered once; readiness shows the backlog. */
class NotificationsDeliveryOnceTest extends NotificationsInProcessTestBase {

  @Test
  void theSameEventConsumedAgainIsNotDeliveredAgain() {
    String path = "/once-" + UUID.randomUUID();
    subscribe(path, "work_order.created");
    String id = WorkOrders.create(http, admin, "Once").getString("id");
    Received first = awaitAbout(path, id, 1).get(0);
    // The webhook may arrive before the relay publishes the event on the bus (it hands events to
    // the worker first): wait for the bus copy too.
    JsonObject event =
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> events.stream().filter(e -> id.equals(e.getString("subject"))).findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();

    // The same event handed over again (a redelivery), and replayed by an admin (same id).
    Http.await(
        server
            .vertx()
            .eventBus()
            .request(
                EventBusDelivery.INTAKE,
                new JsonObject().put("events", new JsonArray().add(event))));
    Http.Response replay =
        http.post("/api/v1/admin/events/replay")
            .token(admin)
            .json(new JsonObject().put("work_order_id", id))
            .send();
    assertThat(replay.status()).isEqualTo(202);
    // Wait for the replayed copy to pass through the worker, then for a new event as a marker.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .filter(e -> id.equals(e.getString("subject")))
                    .anyMatch(e -> e.getBoolean("wrenchreplay", false)));
    String marker = WorkOrders.create(http, admin, "Marker").getString("id");
    awaitAbout(path, marker, 1);
    assertThat(receiver.about(path, id)).hasSize(1);
    assertThat(receiver.about(path, id).get(0).eventId()).isEqualTo(first.eventId());
  }

  @Test
  void readinessShowsTheNotificationBacklog() {
    JsonObject check = http.get("/api/v1/admin/health").token(admin).send().check("notifications");
    JsonObject data = check.getJsonObject("data");
    assertThat(data.getString("source")).isEqualTo("event-bus");
    assertThat(data.getJsonArray("channels")).contains("email", "webhook");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/api/v1/admin/health")
                    .token(admin)
                    .send()
                    .check("notifications")
                    .getJsonObject("data")
                    .containsKey("pending"));
  }
}
