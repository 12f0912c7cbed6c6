package dev.wrench.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka dead-letter topic of the notification worker (Kafka mode only). A dead letter is a row
 * in PostgreSQL first; this hands the rows not on the topic yet to it, keyed by work order, and
 * marks published only those the broker acknowledged, so a failed send goes again next round.
 */
final class DeadLetterPublisher {

  /** The worker's log: these are its messages. */
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

  private final NotificationService jobs;
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private boolean stopped;

  /** To {@code dlqTopic} of the Kafka cluster at {@code bootstrapServers}. */
  DeadLetterPublisher(
      Vertx vertx, NotificationService jobs, String bootstrapServers, String dlqTopic) {
    this.jobs = jobs;
    this.topic = dlqTopic;
    Map<String, String> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "wrench-notifications-dlq");
    this.producer = KafkaProducer.create(vertx, producerProps);
  }

  /** Hands dead letters not yet on the dead-letter topic to it, then marks them. */
  void publish() {
    if (stopped) {
      return;
    }
    jobs.dlqPending(new JsonObject().put("limit", 100))
        .compose(
            reply -> {
              JsonArray items = reply.getJsonArray("items");
              List<Future<?>> sends = new ArrayList<>();
              JsonArray ids = new JsonArray();
              for (int i = 0; i < items.size(); i++) {
                JsonObject letter = items.getJsonObject(i);
                String id = letter.getString("id");
                sends.add(
                    producer
                        .send(
                            KafkaProducerRecord.create(
                                    topic, letter.getString("work_order_id"), letter.encode())
                                .addHeader("content-type", "application/json"))
                        .onSuccess(sent -> ids.add(id)));
              }
              return Future.join(sends)
                  .transform(
                      done ->
                          ids.isEmpty()
                              ? Future.succeededFuture()
                              : jobs.dlqPublished(new JsonObject().put("ids", ids)).mapEmpty());
            })
        .onFailure(e -> LOG.warn("Publishing dead letters failed: {}", e.getMessage()));
  }

  /** No round starts any more; the producer gets 2 s to send what it holds. */
  Future<Void> close() {
    stopped = true;
    return producer.close(2_000);
  }
}
