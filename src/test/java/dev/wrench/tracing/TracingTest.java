package dev.wrench.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wrench.support.Http;
import dev.wrench.support.KafkaProcess;
import dev.wrench.support.OtlpReceiver;
import dev.wrench.support.OtlpReceiver.ReceivedSpan;
import dev.wrench.support.TestRedis;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Tracing on ({@code tracing.enabled}, OTLP/HTTP to a real receiver of the test's own): one HTTP
 * request that creates a work order makes one trace, from the HTTP server span through the event
 * bus to the SQL and Redis calls, and on through the outbox relay to the Kafka producer and a Kafka
 * consumer that reads the record; the request's log lines carry that trace id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingTest {

  private final String topic = "wrench-trace-" + UUID.randomUUID().toString().substring(0, 8);
  private final Queue<KafkaConsumerRecord<String, String>> consumed = new ConcurrentLinkedQueue<>();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger access = (Logger) LoggerFactory.getLogger("wrench.access");
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private Level accessLevel;
  private OtlpReceiver receiver;
  private KafkaProcess kafka;
  private WrenchServer server;
  private KafkaConsumer<String, String> consumer;

  @BeforeAll
  void start() {
    captured.start();
    accessLevel = access.getLevel();
    access.setLevel(Level.INFO);
    root.addAppender(captured);
    receiver = OtlpReceiver.start();
    kafka = KafkaProcess.start();
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "tracing",
                    new JsonObject()
                        .put("enabled", true)
                        .put(
                            "properties",
                            new JsonObject()
                                .put("otel.service.name", "wrench-test")
                                .put("otel.traces.exporter", "otlp")
                                .put("otel.metrics.exporter", "none")
                                .put("otel.logs.exporter", "none")
                                .put("otel.exporter.otlp.protocol", "http/protobuf")
                                .put("otel.exporter.otlp.endpoint", receiver.endpoint())
                                .put("otel.traces.sampler", "always_on")
                                // Export soon after a span ends, so that the test waits little.
                                .put("otel.bsp.schedule.delay", "100")))
                .put(
                    "redis",
                    new JsonObject()
                        .put("url", TestRedis.url())
                        .put("key_prefix", TestRedis.uniquePrefix()))
                .put(
                    "kafka",
                    new JsonObject()
                        .put("bootstrap_servers", kafka.bootstrapServers())
                        .put("topic", topic))
                .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20))));
    // A consumer on the traced Vert.x: its receive span continues the trace of the record's
    // headers.
    consumer =
        KafkaConsumer.create(
            server.vertx(),
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "trace-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()));
    consumer.handler(consumed::add);
    Http.await(consumer.subscribe(topic));
  }

  @AfterAll
  void stop() {
    root.detachAppender(captured);
    access.setLevel(accessLevel);
    if (consumer != null) {
      Http.await(consumer.close());
    }
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void oneRequestMakesOneTraceFromHttpThroughTheBusToSqlRedisAndKafka() {
    String token = server.adminToken();
    // The caller's trace: the server span continues it, so the test knows the trace id.
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String requestId = "trace-" + UUID.randomUUID();
    Http.Response created =
        server
            .http()
            .post("/api/v1/work-orders")
            .token(token)
            .header("X-Request-Id", requestId)
            .header(
                "traceparent",
                "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
            .json(new JsonObject().put("title", "Traced pump check"))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");

    Awaitility.await("the record of " + id + " consumed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> consumed.stream().anyMatch(r -> id.equals(r.key())));
    Awaitility.await("the spans of trace " + traceId)
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<ReceivedSpan> spans = receiver.spansOf(traceId);
              assertThat(spans)
                  .as("the HTTP server span")
                  .anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER") && s.name().equals("POST"));
              assertThat(spans)
                  .as("the event-bus request to the database verticle")
                  .anyMatch(
                      s ->
                          s.attributes()
                              .getOrDefault("messaging.destination.name", "")
                              .startsWith("wrench.db."));
              assertThat(spans)
                  .as("the INSERT of the work order")
                  .anyMatch(
                      s ->
                          "postgresql".equals(s.attributes().get("db.system"))
                              && s.attributes()
                                  .getOrDefault("db.query.text", "")
                                  .contains("INSERT INTO work_orders"));
              assertThat(spans)
                  .as("a Redis command (rate limit, cache invalidation)")
                  .anyMatch(s -> "redis".equals(s.attributes().get("db.system")));
              assertThat(spans)
                  .as("the Kafka producer span of the relay")
                  .anyMatch(
                      s ->
                          s.kind().equals("SPAN_KIND_PRODUCER")
                              && topic.equals(s.attributes().get("messaging.destination.name")));
              assertThat(spans)
                  .as("the Kafka consumer span")
                  .anyMatch(
                      s ->
                          s.kind().equals("SPAN_KIND_CONSUMER")
                              && topic.equals(s.attributes().get("messaging.destination.name")));
              assertThat(spans)
                  .as("the event published on the bus by the relay")
                  .anyMatch(
                      s ->
                          "wrench.events.work-orders"
                              .equals(s.attributes().get("messaging.destination.name")));
            });

    List<ILoggingEvent> lines =
        captured.list.stream()
            .filter(e -> e.getLoggerName().equals("wrench.access"))
            .filter(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
            .toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).getMDCPropertyMap()).containsEntry("trace_id", traceId);
  }

  @Test
  void logLinesCarryTheTraceIdOfTheServerSpanWhenTheCallerSentNone() {
    String requestId = "trace-" + UUID.randomUUID();
    Http.Response live = server.http().get("/health/live").header("X-Request-Id", requestId).send();
    assertThat(live.status()).isEqualTo(200);
    Awaitility.await("the access line of " + requestId)
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                captured.list.stream()
                    .anyMatch(e -> requestId.equals(e.getMDCPropertyMap().get("request_id"))));
    String traceId =
        captured.list.stream()
            .filter(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
            .findFirst()
            .orElseThrow()
            .getMDCPropertyMap()
            .get("trace_id");
    assertThat(traceId).matches("[0-9a-f]{32}");
    Awaitility.await("the server span of " + traceId)
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                receiver.spansOf(traceId).stream()
                    .anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER")));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    do {
      ThreadLocalRandom.current().nextBytes(bytes);
    } while (bytes[0] == 0);
    return bytes;
  }
}
