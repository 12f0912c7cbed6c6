package dev.wrench.events;

import dev.wrench.tracing.TraceContext;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka delivery: each event is a record on the topic, keyed by work order id (so a work order's
 * events share a partition and keep their order), valued by the CloudEvent JSON, with the header
 * {@code content-type: application/cloudevents+json}. The producer is idempotent with {@code
 * acks=all}: its own retries never duplicate or reorder a record. An admin client probes the
 * cluster every two seconds for the health check.
 */
final class KafkaDelivery implements EventDelivery {

  private static final long PROBE_INTERVAL_MS = 2_000;

  private final Vertx vertx;
  private final String topic;
  private final String bootstrapServers;
  private final KafkaProducer<String, String> producer;
  private final KafkaAdminClient admin;
  private final long probeTimer;
  private final BiConsumer<String, Object> warn;
  private volatile boolean reachable = true;

  KafkaDelivery(Vertx vertx, EventsConfig config, BiConsumer<String, Object> warn) {
    this.vertx = vertx;
    this.warn = warn;
    this.topic = config.topic();
    this.bootstrapServers = config.kafkaBootstrapServers();
    int deliveryTimeout = config.deliveryTimeoutMs();
    Map<String, String> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerConfig.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Up to 5 in flight keeps the order per partition with idempotence (the broker checks
    // sequences).
    producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    int requestTimeout = Math.min(5_000, deliveryTimeout / 2);
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeout));
    producerConfig.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Integer.toString(Math.max(deliveryTimeout, requestTimeout + 5)));
    // A send waits for metadata at most this long (Kafka unreachable at start-up).
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(deliveryTimeout));
    producerConfig.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "wrench-outbox-relay");
    this.producer = KafkaProducer.create(vertx, producerConfig);
    Map<String, String> adminConfig = new HashMap<>();
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1800");
    adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "wrench-outbox-health");
    this.admin = KafkaAdminClient.create(vertx, adminConfig);
    this.probeTimer = vertx.setPeriodic(1, PROBE_INTERVAL_MS, id -> probe());
  }

  private void probe() {
    admin
        .describeCluster()
        .onSuccess(cluster -> reachable = !cluster.getNodes().isEmpty())
        .onFailure(
            e -> {
              if (reachable) {
                warn.accept("Kafka does not answer: {}", e.getMessage());
              }
              reachable = false;
            });
  }

  @Override
  public Future<Outcome> publish(List<JsonObject> events) {
    List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
    for (JsonObject event : events) {
      // The producer's span (tracing on) is a child of the change's trace and travels in the
      // record's traceparent header to the consumers.
      try (Scope resumed = TraceContext.resume(event.getString(CloudEvents.TRACEPARENT))) {
        sends.add(
            producer.send(
                KafkaProducerRecord.create(topic, event.getString("subject"), event.encode())
                    .addHeader("content-type", CloudEvents.CONTENT_TYPE)));
      }
    }
    return Future.join(sends)
        .transform(
            done -> {
              List<Boolean> delivered = new ArrayList<>(sends.size());
              String error = null;
              for (Future<RecordMetadata> send : sends) {
                delivered.add(send.succeeded());
                if (send.failed() && error == null) {
                  error = "Kafka: " + send.cause().getMessage();
                }
              }
              return Future.succeededFuture(new Outcome(delivered, error));
            });
  }

  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public boolean reachable() {
    return reachable;
  }

  @Override
  public JsonObject describe() {
    return new JsonObject()
        .put("delivery", "kafka")
        .put("bootstrap_servers", bootstrapServers)
        .put("topic", topic);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(probeTimer);
    // Bounded: with Kafka down, an unbounded close would wait for records that cannot be sent.
    return Future.join(producer.close(2_000), admin.close(2_000)).mapEmpty();
  }
}
