package dev.wrench.notification;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.wrench.events.EventBusDelivery;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.support.Http;
import dev.wrench.support.RedisProcess;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notification worker without Kafka (events over the event bus), with a real webhook receiver
 * and a real SMTP server (GreenMail): who is told what, Standard Webhooks signatures checked by the
 * receiver, retries then a dead letter then a re-drive, and an event consumed twice delivered once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsInProcessTest {

  private WebhookReceiver receiver;
  private GreenMail mail;
  private WrenchServer server;
  private Http http;
  private String admin;
  private final Queue<JsonObject> events = new ConcurrentLinkedQueue<>();

  @BeforeAll
  void start() {
    receiver = new WebhookReceiver();
    int smtpPort = RedisProcess.freePort();
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    server =
        WrenchServer.start(
            new JsonObject()
                .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20)))
                .put(
                    "notifications",
                    new JsonObject()
                        .put("poll_ms", 50)
                        .put("backoff_base_ms", 50)
                        .put("backoff_max_ms", 200)
                        .put("max_attempts", 3)
                        .put(
                            "webhooks",
                            new JsonObject()
                                .put("timeout_ms", 5_000)
                                .put("allow_private_targets", true)))
                .put(
                    "smtp",
                    new JsonObject()
                        .put("host", "127.0.0.1")
                        .put("port", smtpPort)
                        .put("from", "wrench@wrench.test")
                        .put("starttls", "disabled")));
    http = server.http();
    admin = server.adminToken();
    server
        .vertx()
        .eventBus()
        .<JsonObject>consumer(OutboxRelayVerticle.WORK_ORDER_EVENTS, m -> events.add(m.body()));
  }

  @AfterAll
  void stop() {
    server.close();
    receiver.close();
    mail.stop();
  }

  private JsonObject subscribe(String path, String... types) {
    Http.Response created =
        http.post("/api/v1/webhooks")
            .token(admin)
            .json(
                new JsonObject()
                    .put("url", receiver.url(path))
                    .put("event_types", new JsonArray(List.of(types)))
                    .put("description", "test " + path))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  private int patch(String id, int version, JsonObject change) {
    Http.Response patched =
        http.patch("/api/v1/work-orders/" + id)
            .token(admin)
            .header("If-Match", "\"" + version + "\"")
            .mergePatch(change)
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    return patched.json().getInteger("version");
  }

  private List<Received> awaitAbout(String path, String workOrder, int count) {
    Awaitility.await(count + " deliveries to " + path)
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.about(path, workOrder).size() >= count);
    return receiver.about(path, workOrder);
  }

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

  @Test
  void eachEventTellsItsPeopleByEmail() throws Exception {
    WrenchServer.User manager = server.createUser("manager");
    WrenchServer.User requester = server.createUser("requester");
    WrenchServer.Technician technician = server.createTechnicianUser();

    // A critical work order is created: the managers are told (not the requester, not yet).
    String id =
        WorkOrders.create(
                http,
                admin,
                new JsonObject()
                    .put("title", "Boiler leaking")
                    .put("priority", "critical")
                    .put("requester_id", requester.id()))
            .getString("id");
    awaitMailTo(manager.email(), id, 1);
    // Assigned: the assignee is told.
    int version = patch(id, 1, new JsonObject().put("assignee_id", technician.technicianId()));
    awaitMailTo(technician.user().email(), id, 1);
    // Completed: the requester is told.
    version = patch(id, version, new JsonObject().put("status", "in_progress"));
    patch(id, version, new JsonObject().put("status", "completed"));
    MimeMessage completed = awaitMailTo(requester.email(), id, 1).get(0);
    assertThat(completed.getSubject()).contains("completed");

    // A routine work order created: no manager is told.
    String routine =
        WorkOrders.create(
                http, admin, new JsonObject().put("title", "Routine").put("priority", "low"))
            .getString("id");
    assertThat(patch(routine, 1, new JsonObject().put("status", "in_progress"))).isEqualTo(2);
    // Events are handled in order: once a later critical one reached the manager, the routine
    // one was handled (and told nobody).
    String marker =
        WorkOrders.create(
                http, admin, new JsonObject().put("title", "Marker").put("priority", "critical"))
            .getString("id");
    awaitMailTo(manager.email(), marker, 1);
    assertThat(jobsAbout(routine)).isZero();
    // Each person got exactly their one notification about the critical work order.
    assertThat(mailsTo(manager.email(), id)).hasSize(1);
    assertThat(mailsTo(technician.user().email(), id)).hasSize(1);
    assertThat(mailsTo(requester.email(), id)).hasSize(1);
    assertThat(mailsTo(manager.email(), routine)).isEmpty();
  }

  private List<MimeMessage> awaitMailTo(String address, String workOrder, int count) {
    Awaitility.await(count + " e-mails to " + address)
        .atMost(Duration.ofSeconds(20))
        .until(() -> mailsTo(address, workOrder).size() >= count);
    return mailsTo(address, workOrder);
  }

  private List<MimeMessage> mailsTo(String address, String workOrder) {
    List<MimeMessage> found = new ArrayList<>();
    try {
      for (MimeMessage message : mail.getReceivedMessages()) {
        Address[] to = message.getRecipients(Message.RecipientType.TO);
        boolean forAddress = to != null && to.length > 0 && to[0].toString().equals(address);
        if (forAddress && message.getContent().toString().contains(workOrder)) {
          found.add(message);
        }
      }
    } catch (MessagingException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private long jobsAbout(String workOrder) throws SQLException {
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement(
                "SELECT count(*) FROM notification_jobs WHERE work_order_id = ?::uuid"
                    + " AND channel = 'email'")) {
      query.setString(1, workOrder);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

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
    JsonObject check = http.get("/health/ready").send().check("notifications");
    JsonObject data = check.getJsonObject("data");
    assertThat(data.getString("source")).isEqualTo("event-bus");
    assertThat(data.getJsonArray("channels")).contains("email", "webhook");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/health/ready")
                    .send()
                    .check("notifications")
                    .getJsonObject("data")
                    .containsKey("pending"));
  }
}
