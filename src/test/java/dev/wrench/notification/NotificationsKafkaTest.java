package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.KafkaProcess;
import dev.wrench.support.WebhookReceiver;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notification worker consuming the events topic of a real Kafka broker in a consumer group:
 * offsets are committed once the records' jobs are recorded; a record consumed again (redelivered,
 * or read by a fresh consumer group from the start) sends nothing twice; a delivery that fails its
 * last attempt goes to the dead-letter topic with its reason and history, and can be re-driven.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsKafkaTest {

  private static final String GROUP = "wrench-notifications-test";

  private KafkaProcess kafka;
  private WebhookReceiver receiver;
  private WrenchServer server;
  private Http http;
  private String admin;
  private final String topic = "wrench-test-events-" + UUID.randomUUID().toString().substring(0, 8);
  private final String dlq = "wrench-test-dlq-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void start() {
    kafka = KafkaProcess.start();
    receiver = new WebhookReceiver();
    server = WrenchServer.start(config(GROUP));
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    server.close();
    receiver.close();
    kafka.close();
  }

  private JsonObject config(String group) {
    return new JsonObject()
        .put(
            "kafka",
            new JsonObject().put("bootstrap_servers", kafka.bootstrapServers()).put("topic", topic))
        .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20)))
        .put(
            "notifications",
            new JsonObject()
                .put("group_id", group)
                .put("dlq_topic", dlq)
                .put("poll_ms", 50)
                .put("backoff_base_ms", 50)
                .put("backoff_max_ms", 200)
                .put("max_attempts", 2)
                .put(
                    "webhooks",
                    new JsonObject().put("timeout_ms", 5_000).put("allow_private_targets", true)));
  }

  private String subscribe(String path) {
    Http.Response created =
        http.post("/api/v1/webhooks")
            .token(admin)
            .json(
                new JsonObject()
                    .put("url", receiver.url(path))
                    .put("event_types", new JsonArray().add("work_order.created")))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private void awaitAbout(String path, String workOrder) {
    Awaitility.await("a delivery to " + path + " about " + workOrder)
        .atMost(Duration.ofSeconds(30))
        .until(() -> !receiver.about(path, workOrder).isEmpty());
  }

  /** Until the group has committed every record of the topic (the end offsets). */
  private void awaitCommittedToEnd(String group) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin kafkaAdmin = Admin.create(props)) {
      Awaitility.await("group " + group + " committed to the end of " + topic)
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    kafkaAdmin
                        .listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                List<TopicPartition> partitions =
                    committed.keySet().stream().filter(p -> p.topic().equals(topic)).toList();
                if (partitions.isEmpty()) {
                  return false;
                }
                Map<TopicPartition, OffsetSpec> latest =
                    partitions.stream()
                        .collect(
                            java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
                var ends = kafkaAdmin.listOffsets(latest).all().get();
                return partitions.stream()
                    .allMatch(p -> committed.get(p).offset() >= ends.get(p).offset());
              });
    }
  }

  @Test
  void aRecordConsumedAgainSendsNothingTwice() {
    String path = "/kafka-once-" + UUID.randomUUID();
    subscribe(path);
    String id = WorkOrders.create(http, admin, "Once through Kafka").getString("id");
    awaitAbout(path, id);
    awaitCommittedToEnd(GROUP);

    // The broker redelivers the record (here: the same record produced again).
    ConsumerRecord<String, String> original =
        kafka.readAll(topic, 1).stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, original.key(), original.value())).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    awaitCommittedToEnd(GROUP);

    // A fresh consumer group (a restarted worker that lost its offsets) reads the whole topic.
    try (WrenchServer second = server.startAnotherInstance(config("wrench-notifications-fresh"))) {
      awaitCommittedToEnd("wrench-notifications-fresh");
      String marker = WorkOrders.create(http, admin, "Marker").getString("id");
      awaitAbout(path, marker);
      assertThat(receiver.about(path, id)).hasSize(1);
      assertThat(second.http().port()).isPositive();
    }
  }

  @Test
  void aDeliveryThatFailsItsLastAttemptGoesToTheDeadLetterTopicAndCanBeRedriven() {
    String path = "/kafka-fail-" + UUID.randomUUID();
    receiver.mode(path, WebhookReceiver.Mode.FAIL);
    String subscription = subscribe(path);
    String id = WorkOrders.create(http, admin, "Fails twice").getString("id");

    JsonObject letter =
        kafka.readAll(dlq, 1).stream()
            .map(r -> new JsonObject(r.value()))
            .filter(l -> id.equals(l.getString("work_order_id")))
            .findFirst()
            .orElseThrow();
    assertThat(letter.getString("target")).isEqualTo(subscription);
    assertThat(letter.getString("reason")).contains("500");
    assertThat(letter.getInteger("attempts")).isEqualTo(2);
    assertThat(letter.getJsonArray("history")).hasSize(2);
    assertThat(letter.getJsonObject("event").getString("subject")).isEqualTo(id);
    assertThat(receiver.about(path, id)).hasSize(2);

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/api/v1/admin/notifications/dead-letters/" + letter.getString("id"))
                        .token(admin)
                        .send()
                        .json()
                        .getString("published_at")
                    != null);
    receiver.mode(path, WebhookReceiver.Mode.OK);
    Http.Response redriven =
        http.post("/api/v1/admin/notifications/dead-letters/" + letter.getString("id") + "/redrive")
            .token(admin)
            .send();
    assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
    Awaitility.await("the re-driven delivery")
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.about(path, id).size() == 3);
    assertThat(receiver.about(path, id).get(2).eventId()).isEqualTo(letter.getString("event_id"));
  }
}
