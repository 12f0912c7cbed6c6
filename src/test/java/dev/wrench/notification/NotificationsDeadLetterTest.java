package dev.wrench.notification;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A failing receiver: retries, then a dead letter, then an admin's re-drive. */
class NotificationsDeadLetterTest extends NotificationsInProcessTestBase {

  @Test
  void aFailingReceiverIsRetriedThenDeadLetteredThenRedriven() {
    String path = "/failing-" + UUID.randomUUID();
    receiver.mode(path, WebhookReceiver.Mode.FAIL);
    JsonObject subscription = subscribe(path, "work_order.created");
    String id = WorkOrders.create(http, admin, "Will fail").getString("id");

    // Three attempts (max_attempts), then a dead letter.
    awaitAbout(path, id, 3);
    JsonObject letter = awaitDeadLetterAbout(id);
    assertThat(letter.getInteger("attempts")).isEqualTo(3);
    assertThat(letter.getString("channel")).isEqualTo("webhook");
    assertThat(letter.getString("target")).isEqualTo(subscription.getString("id"));
    assertThat(letter.getString("reason")).contains("500");
    JsonArray history = letter.getJsonArray("history");
    assertThat(history).hasSize(3);
    assertThat(history.getJsonObject(0).getInteger("response_status")).isEqualTo(500);
    // The same event id on every attempt.
    assertThat(receiver.about(path, id))
        .extracting(Received::eventId)
        .containsOnly(letter.getString("event_id"));

    Http.Response inspected =
        http.get("/api/v1/admin/notifications/dead-letters/" + letter.getString("id"))
            .token(admin)
            .send();
    assertThat(inspected.status()).isEqualTo(200);
    assertThat(inspected.json().getJsonObject("event").getString("subject")).isEqualTo(id);

    // Another organization's admin sees nothing of it.
    UUID otherOrg = server.createOrganization("Other " + UUID.randomUUID());
    String stranger = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();
    assertProblem(
        http.get("/api/v1/admin/notifications/dead-letters/" + letter.getString("id"))
            .token(stranger)
            .send(),
        404,
        "/problems/not-found");
    assertProblem(
        http.post("/api/v1/admin/notifications/dead-letters/" + letter.getString("id") + "/redrive")
            .token(stranger)
            .send(),
        404,
        "/problems/not-found");
    assertThat(http.get("/api/v1/admin/notifications/dead-letters").token(stranger).send().items())
        .isEmpty();
    assertProblem(
        http.get("/api/v1/webhooks/" + subscription.getString("id") + "/deliveries")
            .token(stranger)
            .send(),
        404,
        "/problems/not-found");

    // The receiver is fixed; the admin re-drives: delivered once more, with the same event id.
    receiver.mode(path, WebhookReceiver.Mode.OK);
    Http.Response redriven =
        http.post("/api/v1/admin/notifications/dead-letters/" + letter.getString("id") + "/redrive")
            .token(admin)
            .send();
    assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
    assertThat(redriven.json().getString("redriven_at")).isNotNull();
    List<Received> all = awaitAbout(path, id, 4);
    assertThat(all.get(3).eventId()).isEqualTo(letter.getString("event_id"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "delivered"
                    .equals(
                        http.get(
                                "/api/v1/admin/notifications/dead-letters/"
                                    + letter.getString("id"))
                            .token(admin)
                            .send()
                            .json()
                            .getString("job_status")));
    // Re-driven letters leave the list; a second re-drive is a conflict.
    assertThat(
            http
                .get("/api/v1/admin/notifications/dead-letters")
                .token(admin)
                .send()
                .items()
                .stream()
                .map(o -> ((JsonObject) o).getString("id")))
        .doesNotContain(letter.getString("id"));
    assertProblem(
        http.post("/api/v1/admin/notifications/dead-letters/" + letter.getString("id") + "/redrive")
            .token(admin)
            .send(),
        409,
        "/problems/already-redriven");

    // The meters saw it all.
    String metrics = http.get("/metrics").token(admin).send().body().toString();
    assertThat(metrics)
        .contains("wrench_notification_deliveries_total{channel=\"webhook\",outcome=\"retried\"}")
        .contains(
            "wrench_notification_deliveries_total{channel=\"webhook\",outcome=\"dead_lettered\"}")
        .contains("wrench_notification_dead_letters");
  }

  private JsonObject awaitDeadLetterAbout(String workOrder) {
    List<JsonObject> found = new ArrayList<>();
    Awaitility.await("a dead letter about " + workOrder)
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              found.clear();
              http.get("/api/v1/admin/notifications/dead-letters?limit=100")
                  .token(admin)
                  .send()
                  .items()
                  .forEach(
                      o -> {
                        JsonObject letter = (JsonObject) o;
                        if (workOrder.equals(letter.getString("work_order_id"))) {
                          found.add(letter);
                        }
                      });
              return !found.isEmpty();
            });
    return found.get(0);
  }
}
