package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The events of requests through the outbox (request.created, request.approved, request.rejected:
 * valid CloudEvents about the request, in the transaction of the change) and the requester told of
 * the decision, by e-mail and to webhooks that subscribed.
 */
class RequestNotificationsTest extends NotificationsInProcessTestBase {

  private List<JsonObject> eventsAbout(String subject) {
    return events.stream().filter(e -> subject.equals(e.getString("subject"))).toList();
  }

  private List<JsonObject> awaitEvents(String subject, int count) {
    Awaitility.await(count + " events about " + subject)
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventsAbout(subject).size() >= count);
    return eventsAbout(subject);
  }

  private List<MimeMessage> mailsTo(String address, String text) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage message : mail.getReceivedMessages()) {
      var to = message.getRecipients(Message.RecipientType.TO);
      if (to != null
          && to.length > 0
          && to[0].toString().equals(address)
          && message.getContent().toString().contains(text)) {
        found.add(message);
      }
    }
    return found;
  }

  private MimeMessage awaitMail(String address, String text) {
    Awaitility.await("an e-mail to " + address)
        .atMost(Duration.ofSeconds(20))
        .until(() -> !mailsTo(address, text).isEmpty());
    try {
      return mailsTo(address, text).get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject ask(String token, String title) {
    Http.Response made =
        http.post("/api/v1/requests")
            .token(token)
            .json(new JsonObject().put("title", title))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json();
  }

  @Test
  void approvalIsAnEventOfTheRequestAndTheRequesterIsTold() throws Exception {
    subscribe("/requests", "request.created", "request.approved", "request.rejected");
    WrenchServer.User requester = server.createUser("requester");
    JsonObject request = ask(requester.token(), "Door sticks");
    String id = request.getString("id");
    Http.Response approved = http.post("/api/v1/requests/" + id + "/approve").token(admin).send();
    assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
    String workOrder = approved.json().getString("id");

    List<JsonObject> events = awaitEvents(id, 2);
    events.forEach(EventSchemas::check);
    assertThat(events)
        .extracting(e -> e.getString("type"))
        .containsExactly("dev.wrench.request.created.v1", "dev.wrench.request.approved.v1");
    JsonObject created = events.get(0);
    assertThat(created.getString("source")).endsWith("/requests");
    assertThat(created.getJsonObject("data").getJsonObject("request")).isEqualTo(request);
    JsonObject decided = events.get(1).getJsonObject("data");
    assertThat(decided.getString("work_order_id")).isEqualTo(workOrder);
    JsonObject now = http.get("/api/v1/requests/" + id).token(admin).send().json();
    assertThat(decided.getJsonObject("request")).isEqualTo(now);
    // The work order it became has its own work_order.created, carrying request_id.
    JsonObject workOrderCreated = awaitEvents(workOrder, 1).get(0);
    EventSchemas.check(workOrderCreated);
    assertThat(
            workOrderCreated
                .getJsonObject("data")
                .getJsonObject("work_order")
                .getString("request_id"))
        .isEqualTo(id);

    // The requester hears of the decision; subscribers get both events, signed as any.
    MimeMessage told = awaitMail(requester.email(), id);
    assertThat(told.getSubject()).contains(request.getString("number")).contains("approved");
    List<Received> delivered = awaitAbout("/requests", id, 2);
    assertThat(delivered)
        .extracting(r -> r.json().getString("type"))
        .containsExactlyInAnyOrder(
            "dev.wrench.request.created.v1", "dev.wrench.request.approved.v1");
  }

  @Test
  void rejectionIsAnEventWithItsReasonAndTheRequesterIsTold() throws Exception {
    WrenchServer.User requester = server.createUser("technician");
    String id = ask(requester.token(), "Paint the hall").getString("id");
    Http.Response rejected =
        http.post("/api/v1/requests/" + id + "/reject")
            .token(admin)
            .json(new JsonObject().put("reason", "Not maintenance"))
            .send();
    assertThat(rejected.status()).isEqualTo(200);
    List<JsonObject> events = awaitEvents(id, 2);
    events.forEach(EventSchemas::check);
    assertThat(events.get(1).getString("type")).isEqualTo("dev.wrench.request.rejected.v1");
    assertThat(
            events
                .get(1)
                .getJsonObject("data")
                .getJsonObject("request")
                .getString("rejection_reason"))
        .isEqualTo("Not maintenance");
    MimeMessage told = awaitMail(requester.email(), id);
    assertThat(told.getSubject()).contains("rejected");
    assertThat(told.getContent().toString()).contains("Not maintenance");
  }

  @Test
  void aRefusedMoveWritesNoEvent() {
    String id = ask(admin, "Twice").getString("id");
    assertThat(http.post("/api/v1/requests/" + id + "/cancel").token(admin).send().status())
        .isEqualTo(200);
    assertThat(http.post("/api/v1/requests/" + id + "/approve").token(admin).send().status())
        .isEqualTo(409);
    assertThat(
            http.post("/api/v1/requests/" + id + "/reject")
                .token(admin)
                .json(new JsonObject().put("reason", "late"))
                .send()
                .status())
        .isEqualTo(409);
    // Created is the only event: ordered after it, a later request's event shows the relay passed.
    String later = ask(admin, "Later").getString("id");
    awaitEvents(later, 1);
    assertThat(eventsAbout(id))
        .extracting(e -> e.getString("type"))
        .containsExactly("dev.wrench.request.created.v1");
  }
}
