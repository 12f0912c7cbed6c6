package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.support.Http;
import dev.wrench.support.RedisProcess;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WebhookReceiver.Received;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared fixture of the notification tests without Kafka (events over the event bus): one
 * server per class with fast polls and backoffs and three attempts, a real webhook receiver, a real
 * SMTP server (GreenMail), the events seen on the bus, and the helpers to subscribe, patch and
 * await deliveries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NotificationsInProcessTestBase {

  protected WebhookReceiver receiver;
  protected GreenMail mail;
  protected WrenchServer server;
  protected Http http;
  protected String admin;
  protected final Queue<JsonObject> events = new ConcurrentLinkedQueue<>();

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

  protected JsonObject subscribe(String path, String... types) {
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

  protected int patch(String id, int version, JsonObject change) {
    Http.Response patched =
        http.patch("/api/v1/work-orders/" + id)
            .token(admin)
            .header("If-Match", "\"" + version + "\"")
            .mergePatch(change)
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    return patched.json().getInteger("version");
  }

  protected List<Received> awaitAbout(String path, String workOrder, int count) {
    Awaitility.await(count + " deliveries to " + path)
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.about(path, workOrder).size() >= count);
    return receiver.about(path, workOrder);
  }
}
