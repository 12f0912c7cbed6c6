package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.BusEvents;
import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.KafkaProcess;
import dev.wrench.support.Prometheus;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The outbox relay against a real Kafka broker (a process of the test's own): events go to the
 * topic keyed by work order id as CloudEvents, and on the event bus; with the broker stopped during
 * 100 writes the writes succeed, readiness reports Kafka degraded (200), the outbox grows (and its
 * lag shows on /metrics), and once the broker is back every event arrives exactly once and in order
 * per work order, with the relay running on two instances of the service at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaEventsTest {

  private KafkaProcess kafka;

  @BeforeAll
  void startKafka() {
    kafka = KafkaProcess.start();
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private JsonObject kafkaConfig(String topic) {
    return new JsonObject()
        .put(
            "kafka",
            new JsonObject()
                .put("bootstrap_servers", kafka.bootstrapServers())
                .put("topic", topic)
                // Longer than a broker restart here: a batch caught by the stop is retried by the
                // same idempotent producer when the broker is back, so it lands once.
                .put("delivery_timeout_ms", 60_000))
        .put(
            "events",
            new JsonObject()
                .put("relay", new JsonObject().put("poll_ms", 20).put("lease_ms", 70_000)))
        // The outbox lag gauges recounted every second, not every 30.
        .put("database", new JsonObject().put("backlog_refresh_seconds", 1));
  }

  private static double outboxPending(Http http) {
    return Prometheus.value(http.get("/metrics").send().body().toString(), "wrench_outbox_pending");
  }

  private static String topic() {
    return "wrench-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The data of the readiness check {@code name}, as a platform operator sees it. */
  private static JsonObject check(Http http, String admin, String name) {
    Http.Response ready = http.get("/api/v1/admin/health").token(admin).send();
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    return ready.check(name).getJsonObject("data");
  }

  private static void retitle(Http http, String token, String id, int version, String title) {
    Http.Response patched =
        http.patch("/api/v1/work-orders/" + id)
            .token(token)
            .header("If-Match", "\"" + version + "\"")
            .mergePatch(new JsonObject().put("title", title))
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void eventsGoToKafkaKeyedByWorkOrderAndOnTheEventBus() {
    String topic = topic();
    try (WrenchServer server = WrenchServer.start(kafkaConfig(topic))) {
      BusEvents onBus = BusEvents.collect(server.vertx());
      String admin = server.adminToken();
      String id = WorkOrders.create(server.http(), admin, "Kafka check").getString("id");
      retitle(server.http(), admin, id, 1, "Kafka check, renamed");

      List<ConsumerRecord<String, String>> records = kafka.readAll(topic, 2);
      assertThat(records).hasSize(2);
      List<JsonObject> events = new ArrayList<>();
      for (ConsumerRecord<String, String> record : records) {
        assertThat(record.key()).isEqualTo(id);
        assertThat(
                new String(
                    record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .isEqualTo("application/cloudevents+json");
        JsonObject event = new JsonObject(record.value());
        EventSchemas.check(event);
        events.add(event);
      }
      assertThat(events.stream().map(e -> e.getString("type")))
          .containsExactly("dev.wrench.work_order.created.v1", "dev.wrench.work_order.updated.v1");
      assertThat(onBus.await(id, 2)).isEqualTo(events);

      JsonObject status = check(server.http(), admin, "events");
      assertThat(status.getString("delivery")).isEqualTo("kafka");
      assertThat(status.getString("topic")).isEqualTo(topic);
      assertThat(status.getString("state")).isEqualTo("up");
    }
  }

  @Test
  @Order(2)
  void aBrokerStoppedDuringWritesLosesNothingAndDuplicatesNothingWithTwoRelays()
      throws SQLException {
    String topic = topic();
    try (WrenchServer first = WrenchServer.start(kafkaConfig(topic));
        WrenchServer second = first.startAnotherInstance(kafkaConfig(topic))) {
      String admin = first.adminToken();
      List<Http> instances = List.of(first.http(), second.http());
      // Ten work orders; then 100 writes while the broker is down, alternating instances.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(WorkOrders.create(instances.get(i % 2), admin, "Outage " + i).getString("id"));
      }
      assertThat(kafka.readAll(topic, 10)).hasSize(10);

      kafka.stop();
      Map<String, Integer> versions = new LinkedHashMap<>();
      ids.forEach(id -> versions.put(id, 1));
      for (int i = 0; i < 100; i++) {
        Http http = instances.get(i % 2);
        if (i % 5 == 4) {
          String id =
              WorkOrders.create(http, admin, "Created during the outage " + i).getString("id");
          ids.add(id);
          versions.put(id, 1);
        } else {
          String id = ids.get(i % 10);
          int version = versions.get(id);
          retitle(http, admin, id, version, "Outage write " + i);
          versions.put(id, version + 1);
        }
      }
      // The writes all succeeded; the events wait in the outbox; readiness says Kafka is degraded
      // on both instances while staying ready.
      for (Http http : instances) {
        Awaitility.await("Kafka reported degraded")
            .atMost(Duration.ofSeconds(20))
            .until(() -> "degraded".equals(check(http, admin, "events").getString("state")));
      }
      assertThat(check(first.http(), admin, "events").getLong("pending"))
          .isGreaterThanOrEqualTo(100);
      // The metric shows the lag too (recounted by one database verticle of each instance).
      for (Http http : instances) {
        Awaitility.await("the outbox lag on /metrics")
            .atMost(Duration.ofSeconds(10))
            .until(() -> outboxPending(http) >= 100);
      }
      assertThat(
              Prometheus.value(
                  first.http().get("/metrics").send().body().toString(),
                  "wrench_outbox_oldest_age_seconds"))
          .isGreaterThan(0);

      kafka.restart();
      List<ConsumerRecord<String, String>> records = kafka.readAll(topic, 110);

      // Exactly once: 110 records, 110 distinct event ids, the outbox's 110 events.
      List<JsonObject> events =
          records.stream().map(r -> new JsonObject(r.value())).collect(Collectors.toList());
      events.forEach(EventSchemas::check);
      assertThat(events.stream().map(e -> e.getString("id")).distinct()).hasSize(110);
      assertThat(records).hasSize(110);
      assertThat(outboxIds(first))
          .containsExactlyInAnyOrderElementsOf(
              events.stream().map(e -> e.getString("id")).toList());
      // In order per work order: each work order's records in outbox order, on its key.
      Map<String, List<JsonObject>> byWorkOrder =
          events.stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.getString("subject"), LinkedHashMap::new, Collectors.toList()));
      assertThat(byWorkOrder).hasSize(30);
      for (Map.Entry<String, List<JsonObject>> entry : byWorkOrder.entrySet()) {
        List<Long> sequences =
            entry.getValue().stream().map(e -> e.getLong("wrenchsequence")).toList();
        assertThat(sequences).as(entry.getKey()).isSorted();
        assertThat(entry.getValue().get(0).getString("type"))
            .isEqualTo("dev.wrench.work_order.created.v1");
      }
      for (ConsumerRecord<String, String> record : records) {
        assertThat(record.key()).isEqualTo(new JsonObject(record.value()).getString("subject"));
      }
      for (Http http : instances) {
        Awaitility.await("Kafka reported up again")
            .atMost(Duration.ofSeconds(20))
            .until(() -> "up".equals(check(http, admin, "events").getString("state")));
      }
      assertThat(check(second.http(), admin, "events").getLong("pending")).isZero();
      for (Http http : instances) {
        Awaitility.await("the outbox lag back to 0 on /metrics")
            .atMost(Duration.ofSeconds(10))
            .until(() -> outboxPending(http) == 0);
      }
    }
  }

  private static List<String> outboxIds(WrenchServer server) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection sql = server.database().connect();
        Statement statement = sql.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT event_id FROM work_order_events ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
