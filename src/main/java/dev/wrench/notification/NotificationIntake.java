package dev.wrench.notification;

import dev.wrench.events.EventBusDelivery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's intake: work order events become delivery jobs ({@link NotificationRules} decides
 * who is told), from one of two sources. Without Kafka, this node's outbox relay hands batches over
 * ({@link EventBusDelivery#INTAKE}) and marks one published only once it is answered; with Kafka, a
 * consumer in a group polls, and commits a batch's offsets only once the jobs of every record in it
 * are recorded. Either way a failure means the events come again, which is harmless: one job per
 * (event id, channel, target).
 */
final class NotificationIntake {

  /** The worker's log: these are its messages. */
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

  private final Vertx vertx;
  private final NotificationService jobs;
  private final DeliveryLanes lanes;
  private final NotificationStatus status;
  private final boolean email;
  private KafkaConsumer<String, String> consumer;

  /**
   * The consumer's round in flight (poll, record, commit). The consumer is not safe for use from
   * two threads: close closes it only once this round has ended.
   */
  private Future<Void> kafkaRound = Future.succeededFuture();

  private long kafkaRoundTimer = -1;
  private boolean stopped;

  /** {@code email}: whether e-mail jobs are made (SMTP is configured). */
  NotificationIntake(
      Vertx vertx,
      NotificationService jobs,
      DeliveryLanes lanes,
      NotificationStatus status,
      boolean email) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.lanes = lanes;
    this.status = status;
    this.email = email;
  }

  /**
   * The relay's batch ({@link EventBusDelivery#INTAKE}): records each event's jobs in order and
   * answers once all are recorded; a failure leaves the batch to the relay, which hands it over
   * again (recording is idempotent: one job per event, channel and target).
   */
  void handOver(Message<JsonObject> message) {
    JsonArray events = message.body().getJsonArray("events", new JsonArray());
    Future<Void> recorded = Future.succeededFuture();
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      recorded = recorded.compose(v -> expand(event));
    }
    recorded
        .onSuccess(v -> message.reply(new JsonObject()))
        .onFailure(e -> message.fail(503, "notification jobs not recorded: " + e.getMessage()));
  }

  /** Records the jobs of one event; wakes the lanes when there are new ones. */
  private Future<Void> expand(JsonObject event) {
    String type = event.getString("type", "");
    if (!type.startsWith("dev.wrench.work_order.") && !type.startsWith("dev.wrench.request.")) {
      return Future.succeededFuture();
    }
    JsonObject audiences = NotificationRules.audiences(event);
    JsonObject request = audiences.copy().put("event", event).put("email", email);
    return jobs.expand(request)
        .map(
            reply -> {
              int jobs = reply.getInteger("jobs");
              status.expanded();
              if (jobs > 0) {
                lanes.wake(audiences.getString("lane"));
              }
              return null;
            });
  }

  /**
   * Joins the consumer group {@code groupId} on {@code topic} of the Kafka cluster at {@code
   * bootstrapServers} and starts polling once subscribed.
   */
  Future<Void> consumeKafka(String bootstrapServers, String topic, String groupId) {
    Map<String, String> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    // Offsets move only when the records' jobs are in PostgreSQL (commitProcessed).
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "wrench-notifications");
    consumer = KafkaConsumer.create(vertx, props);
    consumer.exceptionHandler(
        e -> LOG.warn("The notification consumer failed: {}", e.getMessage()));
    return consumer.subscribe(topic).onSuccess(v -> pollKafka(0));
  }

  /**
   * Polls a batch, records the jobs of its records in order, then commits their offsets. When
   * recording fails, nothing is committed and the consumer goes back to the batch's first offsets,
   * so the batch is consumed again (its recorded jobs are not doubled: the unique key).
   */
  private void pollKafka(long backoffMs) {
    if (stopped) {
      return;
    }
    kafkaRoundTimer =
        vertx.setTimer(
            Math.max(1, backoffMs),
            t -> {
              kafkaRound =
                  consumer
                      .poll(Duration.ofMillis(500))
                      .compose(
                          records -> recordAll(records).compose(v -> commitProcessed(records)));
              kafkaRound
                  .onSuccess(
                      v -> {
                        status.recovered();
                        pollKafka(0);
                      })
                  .onFailure(
                      e -> {
                        status.failed(e.getMessage());
                        if (!stopped) {
                          LOG.warn(
                              "Consuming work order events failed ({}); retrying", e.getMessage());
                        }
                        pollKafka(Math.min(5_000, Math.max(200, backoffMs * 2)));
                      });
            });
  }

  private Future<Void> recordAll(KafkaConsumerRecords<String, String> records) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      chain = chain.compose(v -> expandRecord(record));
    }
    return chain.recover(
        e -> {
          // Back to the first offset of each partition in the batch: it is consumed again.
          Map<TopicPartition, Long> first = new HashMap<>();
          for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, String> record = records.recordAt(i);
            first.merge(
                new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
          }
          List<Future<Void>> seeks = new ArrayList<>();
          first.forEach((partition, offset) -> seeks.add(consumer.seek(partition, offset)));
          return Future.join(seeks).transform(done -> Future.<Void>failedFuture(e));
        });
  }

  private Future<Void> expandRecord(KafkaConsumerRecord<String, String> record) {
    JsonObject event;
    try {
      event = new JsonObject(record.value());
    } catch (RuntimeException e) {
      // Not ours to retry: a record that is not JSON will never become one.
      LOG.warn(
          "Skipping a record that is not a CloudEvent at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset());
      return Future.succeededFuture();
    }
    return expand(event);
  }

  private Future<Void> commitProcessed(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      offsets.merge(
          new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1, ""),
          (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
    }
    return consumer.commit(offsets).mapEmpty();
  }

  /**
   * No round starts any more. A poll waits at most 500 ms for records; recording and committing are
   * bounded by the database and the broker's request timeout. The consumer (if any) is closed after
   * the round in flight, whatever its end; a round not started yet never starts, and the one before
   * it has ended (it scheduled this one).
   */
  Future<Void> close() {
    stopped = true;
    if (consumer == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(kafkaRoundTimer);
    return kafkaRound.transform(round -> consumer.close());
  }
}
