package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries signed per Standard Webhooks and checked by the receiver, before and after a
 * secret rotation.
 */
class NotificationsWebhookSigningTest extends NotificationsInProcessTestBase {

  @Test
  void webhookDeliveriesAreSignedSoThatTheReceiverCanVerifyThem() {
    String path = "/signed-" + UUID.randomUUID();
    JsonObject subscription = subscribe(path, "work_order.created", "work_order.status_changed");
    String secret = subscription.getString("secret");
    assertThat(secret).matches("^whsec_[A-Za-z0-9+/]{43}=$");

    String id = WorkOrders.create(http, admin, "Signed").getString("id");
    patch(id, 1, new JsonObject().put("status", "in_progress"));
    List<Received> deliveries = awaitAbout(path, id, 2);

    // Deliveries to one target run concurrently (per_target slots): no order between them.
    assertThat(deliveries)
        .extracting(r -> r.json().getString("type"))
        .containsExactlyInAnyOrder(
            "dev.wrench.work_order.created.v1", "dev.wrench.work_order.status_changed.v1");
    Received created =
        deliveries.stream()
            .filter(r -> r.json().getString("type").equals("dev.wrench.work_order.created.v1"))
            .findFirst()
            .orElseThrow();
    assertThat(created.eventId()).isEqualTo(created.json().getString("id"));
    assertThat(Long.parseLong(created.headers().get("webhook-timestamp")))
        .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
    assertThat(created.headers().get("content-type")).isEqualTo("application/cloudevents+json");
    assertThat(deliveries)
        .allSatisfy(r -> assertThat(WebhookReceiver.signedWith(r, secret)).isTrue());
    // A signature under another secret does not verify: the check is real.
    assertThat(WebhookReceiver.signedWith(created, WebhookSignatures.newSecret())).isFalse();

    // The subscription's delivery log shows each attempt, newest first.
    String subscriptionId = subscription.getString("id");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/api/v1/webhooks/" + subscriptionId + "/deliveries")
                        .token(admin)
                        .send()
                        .items()
                        .size()
                    == 2);
    JsonArray log =
        http.get("/api/v1/webhooks/" + subscriptionId + "/deliveries?limit=1")
            .token(admin)
            .send()
            .json()
            .getJsonArray("items");
    assertThat(log.getJsonObject(0).getString("outcome")).isEqualTo("succeeded");
    assertThat(log.getJsonObject(0).getInteger("response_status")).isEqualTo(204);
    // Only the subscribed types: no webhook for the 'updated' event of the same patch.
    assertThat(deliveries)
        .extracting(r -> r.json().getString("type"))
        .doesNotContain("dev.wrench.work_order.updated.v1");
  }

  @Test
  void afterARotationBothSecretsSignUntilTheGracePeriodEnds() {
    String path = "/rotated-" + UUID.randomUUID();
    JsonObject subscription = subscribe(path, "work_order.created");
    String oldSecret = subscription.getString("secret");
    Http.Response rotated =
        http.post("/api/v1/webhooks/" + subscription.getString("id") + "/rotate-secret")
            .token(admin)
            .send();
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String newSecret = rotated.json().getString("secret");
    assertThat(newSecret).isNotEqualTo(oldSecret).startsWith("whsec_");
    assertThat(rotated.json().getString("previous_secret_expires_at")).isNotNull();

    String id = WorkOrders.create(http, admin, "Rotated").getString("id");
    Received delivery = awaitAbout(path, id, 1).get(0);
    assertThat(delivery.headers().get("webhook-signature").split(" ")).hasSize(2);
    assertThat(WebhookReceiver.signedWith(delivery, newSecret)).isTrue();
    assertThat(WebhookReceiver.signedWith(delivery, oldSecret)).isTrue();
  }
}
