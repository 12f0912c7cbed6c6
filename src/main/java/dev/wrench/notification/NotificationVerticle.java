package dev.wrench.notification;

import dev.wrench.bus.BusClient;
import dev.wrench.events.CloudEvents;
import dev.wrench.events.EventBusDelivery;
import dev.wrench.http.HealthRoutes;
import dev.wrench.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification worker. It consumes work order events (from Kafka in a consumer group, or from
 * this node's outbox relay without Kafka), decides who is told what ({@link NotificationRules}) and
 * records one delivery job per (event id, channel, target) in PostgreSQL; the unique key makes an
 * event consumed twice harmless. Kafka offsets are committed only once the jobs of every record
 * before them are recorded; without Kafka the relay marks a batch published only once this worker
 * has answered its hand-over ({@link Addresses#NOTIFICATIONS_INTAKE}).
 *
 * <p>Jobs are then delivered from PostgreSQL, in two lanes: critical work orders' notifications
 * have slots of their own, so a backlog of routine ones never delays them. Each lane claims due
 * jobs (FOR UPDATE SKIP LOCKED, with a lease: several instances never send the same job at once),
 * and a target (a webhook subscription, a user's mailbox) has at most {@code per_target} deliveries
 * in flight, so a receiver that hangs or fails holds only its own slots. Failures are retried with
 * exponential backoff and jitter; after the last attempt the job is dead-lettered (a row in
 * PostgreSQL and, with Kafka, a record on the dead-letter topic).
 *
 * <p>Deployed once per instance as a worker. Config: {@code {kafka?: {bootstrap_servers, topic,
 * group_id, dlq_topic}, smtp?: {host, port, from, username, password, starttls, ssl}, webhooks:
 * {timeout_ms, allow_private_targets}, max_attempts, backoff_base_ms, backoff_max_ms, poll_ms,
 * routine_slots, critical_slots, per_target}}.
 */
public final class NotificationVerticle extends VerticleBase {

  /** Sent (no body) when deliveries became due again, e.g. a dead letter redriven: pump now. */
  public static final String WAKE = "wrench.notifications.wake";

  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final long BUS_TIMEOUT_MS = 10_000;
  private static final long BACKLOG_REFRESH_MS = 5_000;

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private DeliveryOptions busOptions;
  private NotificationService jobs;
  private NotificationMeters meters;
  private WebClient webClient;
  private MailClient mailClient;
  private String mailFrom;
  private KafkaConsumer<String, String> consumer;

  /**
   * The consumer's round in flight (poll, record, commit). The consumer is not safe for use from
   * two threads: stop closes it only once this round has ended.
   */
  private Future<Void> kafkaRound = Future.succeededFuture();

  private long kafkaRoundTimer = -1;

  private KafkaProducer<String, String> dlqProducer;
  private String dlqTopic;
  private Backoff backoff;
  private int maxAttempts;
  private long webhookTimeoutMs;
  private boolean allowPrivateTargets;
  private int perTarget;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private boolean stopped;
  private String lastError;
  private long expanded;
  private JsonObject lastBacklog = new JsonObject();

  /** One lane's slots: deliveries in flight, overall and per target. */
  private final class Lane {
    final String name;
    final int slots;
    final Map<String, Integer> perTargetInFlight = new HashMap<>();
    int inFlight;
    boolean claiming;
    boolean again;

    Lane(String name, int slots) {
      this.name = name;
      this.slots = slots;
    }

    JsonArray busyTargets() {
      JsonArray busy = new JsonArray();
      perTargetInFlight.forEach(
          (target, count) -> {
            if (count >= perTarget) {
              busy.add(target);
            }
          });
      return busy;
    }
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    busOptions = new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS);
    this.jobs = BusClient.of(vertx.eventBus(), NotificationService.class, busOptions);
    meters = new NotificationMeters(Metrics.registry(config));
    maxAttempts = config.getInteger("max_attempts", 8);
    backoff =
        new Backoff(
            config.getLong("backoff_base_ms", 1_000L),
            config.getLong("backoff_max_ms", 3_600_000L));
    perTarget = config.getInteger("per_target", 4);
    JsonObject webhooks = config.getJsonObject("webhooks", new JsonObject());
    webhookTimeoutMs = webhooks.getLong("timeout_ms", 10_000L);
    allowPrivateTargets = webhooks.getBoolean("allow_private_targets", false);
    webClient =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Wrench-Webhooks/1")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(webhookTimeoutMs, Integer.MAX_VALUE)),
            // Connections per host: enough for every slot, so that subscriptions on one host that
            // hang do not starve the others there (the per-target limit bounds each one).
            new PoolOptions().setHttp1MaxSize(64));
    JsonObject smtp = config.getJsonObject("smtp");
    if (smtp != null) {
      mailFrom = smtp.getString("from");
      mailClient = MailClient.create(vertx, mailConfig(smtp));
    }
    lanes.put(
        NotificationRules.CRITICAL,
        new Lane(NotificationRules.CRITICAL, config.getInteger("critical_slots", 4)));
    lanes.put(
        NotificationRules.ROUTINE,
        new Lane(NotificationRules.ROUTINE, config.getInteger("routine_slots", 16)));

    consumers.add(vertx.eventBus().localConsumer(NotificationVerticle.WAKE, m -> pumpAll()));
    consumers.add(
        vertx.eventBus().localConsumer(HealthRoutes.NOTIFICATIONS_STATUS, m -> m.reply(status())));
    long pollMs = config.getLong("poll_ms", 1_000L);
    timers.add(vertx.setPeriodic(pollMs, pollMs, id -> pumpAll()));
    timers.add(vertx.setPeriodic(1, BACKLOG_REFRESH_MS, id -> refreshBacklog()));

    JsonObject kafka = config.getJsonObject("kafka");
    Future<?> source;
    if (kafka == null) {
      // Without Kafka this node's relay hands each batch over and marks it published only once
      // its jobs are recorded here.
      MessageConsumer<JsonObject> events =
          vertx.eventBus().localConsumer(EventBusDelivery.INTAKE, this::intake);
      consumers.add(events);
      source = Future.succeededFuture();
    } else {
      source = startKafka(kafka);
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> source)
        .onSuccess(v -> pumpAll());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    meters.close();
    List<Future<?>> closing = new ArrayList<>();
    if (consumer != null) {
      // A poll waits at most 500 ms for records; recording and committing are bounded by the
      // database and the broker's request timeout. The close follows the round, whatever its end.
      // A round not started yet never starts; the one before it has ended (it scheduled this one).
      vertx.cancelTimer(kafkaRoundTimer);
      closing.add(kafkaRound.transform(round -> consumer.close()));
    }
    if (dlqProducer != null) {
      closing.add(dlqProducer.close(2_000));
    }
    if (mailClient != null) {
      closing.add(mailClient.close());
    }
    webClient.close();
    return Future.join(closing);
  }

  private static MailConfig mailConfig(JsonObject smtp) {
    MailConfig config =
        new MailConfig()
            .setHostname(smtp.getString("host"))
            .setPort(smtp.getInteger("port", 25))
            .setSsl(smtp.getBoolean("ssl", false))
            .setStarttls(
                StartTLSOptions.valueOf(
                    smtp.getString("starttls", "optional").toUpperCase(Locale.ROOT)))
            .setConnectTimeout(10_000)
            .setMaxPoolSize(8);
    String username = smtp.getString("username", "");
    if (!username.isEmpty()) {
      config
          .setUsername(username)
          .setPassword(smtp.getString("password", ""))
          .setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  // ---- Intake: events become jobs ----

  /**
   * The relay's batch ({@link Addresses#NOTIFICATIONS_INTAKE}): records each event's jobs in order
   * and answers once all are recorded; a failure leaves the batch to the relay, which hands it over
   * again (recording is idempotent: one job per event, channel and target).
   */
  private void intake(Message<JsonObject> message) {
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
    if (!event.getString("type", "").startsWith("dev.wrench.work_order.")) {
      return Future.succeededFuture();
    }
    JsonObject audiences = NotificationRules.audiences(event);
    JsonObject request = audiences.copy().put("event", event).put("email", mailClient != null);
    return jobs.expand(request)
        .map(
            reply -> {
              int jobs = reply.getInteger("jobs");
              expanded++;
              if (jobs > 0) {
                pump(lanes.get(audiences.getString("lane")));
              }
              return null;
            });
  }

  private Future<Void> startKafka(JsonObject kafka) {
    String servers = kafka.getString("bootstrap_servers");
    Map<String, String> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.getString("group_id", "wrench-notifications"));
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
    dlqTopic = kafka.getString("dlq_topic", "wrench.notifications.dlq");
    Map<String, String> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "wrench-notifications-dlq");
    dlqProducer = KafkaProducer.create(vertx, producerProps);
    timers.add(vertx.setPeriodic(5_000, 5_000, id -> publishDeadLetters()));
    return consumer
        .subscribe(kafka.getString("topic", "wrench.work-orders.events"))
        .onSuccess(v -> pollKafka(0));
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
                        lastError = null;
                        pollKafka(0);
                      })
                  .onFailure(
                      e -> {
                        lastError = e.getMessage();
                        if (!stopped) {
                          LOG.warn("Consuming work order events failed ({}); retrying", lastError);
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

  // ---- Delivery: jobs are sent ----

  private void pumpAll() {
    lanes.values().forEach(this::pump);
  }

  /** Claims as many due jobs as the lane has free slots, and sends them. */
  private void pump(Lane lane) {
    if (stopped) {
      return;
    }
    if (lane.claiming) {
      lane.again = true;
      return;
    }
    int free = lane.slots - lane.inFlight;
    if (free <= 0) {
      return;
    }
    lane.claiming = true;
    lane.again = false;
    jobs.claim(
            new JsonObject()
                .put("lane", lane.name)
                .put("limit", free)
                .put("lease_ms", leaseMs())
                .put("busy_targets", lane.busyTargets()))
        .onComplete(
            reply -> {
              lane.claiming = false;
              if (reply.failed()) {
                lastError = reply.cause().getMessage();
                return;
              }
              JsonArray items = reply.result().getJsonArray("items");
              JsonArray handBack = new JsonArray();
              for (int i = 0; i < items.size(); i++) {
                JsonObject job = items.getJsonObject(i);
                String target = job.getString("target");
                if (lane.perTargetInFlight.getOrDefault(target, 0) >= perTarget) {
                  handBack.add(job.getString("id"));
                  continue;
                }
                lane.inFlight++;
                lane.perTargetInFlight.merge(target, 1, Integer::sum);
                deliver(job)
                    .onComplete(
                        done -> {
                          lane.inFlight--;
                          lane.perTargetInFlight.computeIfPresent(
                              target, (k, n) -> n <= 1 ? null : n - 1);
                          pump(lane);
                        });
              }
              if (!handBack.isEmpty()) {
                jobs.release(new JsonObject().put("ids", handBack));
              }
              boolean full = items.size() - handBack.size() >= free;
              if (lane.again || (full && lane.inFlight < lane.slots)) {
                pump(lane);
              }
            });
  }

  /** Longer than one delivery can take, so that no other instance takes a job being sent. */
  private long leaseMs() {
    return webhookTimeoutMs * 3 + 30_000;
  }

  private Future<Void> deliver(JsonObject job) {
    String channel = job.getString("channel");
    long started = System.nanoTime();
    Future<Attempt> attempt;
    if ("webhook".equals(channel)) {
      attempt =
          job.getBoolean("subscription_deleted", false)
              ? Future.succeededFuture(Attempt.cancel("the subscription was deleted"))
              : sendWebhook(job);
    } else if (mailClient == null) {
      attempt = Future.succeededFuture(Attempt.cancel("e-mail is not configured"));
    } else if (job.getString("email") == null || !job.getBoolean("user_active", false)) {
      attempt = Future.succeededFuture(Attempt.cancel("the user is gone or inactive"));
    } else {
      attempt = sendMail(job);
    }
    return attempt
        .recover(e -> Future.succeededFuture(Attempt.failure(null, describe(e))))
        .compose(result -> recordAttempt(job, result, (System.nanoTime() - started) / 1_000_000));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The outcome of one delivery attempt. */
  private record Attempt(String outcome, Integer status, String error) {
    static Attempt success(Integer status) {
      return new Attempt("succeeded", status, null);
    }

    static Attempt failure(Integer status, String error) {
      return new Attempt("failed", status, error);
    }

    static Attempt cancel(String why) {
      return new Attempt("cancelled", null, why);
    }
  }

  private Future<Attempt> sendWebhook(JsonObject job) {
    String url = job.getString("url");
    return vertx
        .executeBlocking(() -> WebhookTargets.refusal(url, allowPrivateTargets, true), false)
        .compose(
            refusal -> {
              if (refusal != null) {
                return Future.succeededFuture(Attempt.failure(null, "the URL " + refusal));
              }
              JsonObject event = job.getJsonObject("event");
              String body = event.encode();
              String id = event.getString("id");
              long timestamp = System.currentTimeMillis() / 1000;
              List<String> secrets = new ArrayList<>();
              secrets.add(job.getString("secret"));
              String previous = job.getString("previous_secret");
              if (previous != null) {
                secrets.add(previous);
              }
              return webClient
                  .postAbs(url)
                  .timeout(webhookTimeoutMs)
                  .putHeader("content-type", CloudEvents.CONTENT_TYPE)
                  .putHeader("webhook-id", id)
                  .putHeader("webhook-timestamp", Long.toString(timestamp))
                  .putHeader(
                      "webhook-signature", WebhookSignatures.header(id, timestamp, body, secrets))
                  .sendBuffer(Buffer.buffer(body))
                  .map(NotificationVerticle::webhookOutcome);
            });
  }

  private static Attempt webhookOutcome(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    return status >= 200 && status < 300
        ? Attempt.success(status)
        : Attempt.failure(status, "the receiver answered " + status);
  }

  private Future<Attempt> sendMail(JsonObject job) {
    JsonObject event = job.getJsonObject("event");
    MailMessage message =
        new MailMessage()
            .setFrom(mailFrom)
            .setTo(job.getString("email"))
            .setSubject(MailTexts.subject(event))
            .setText(MailTexts.body(event, job.getString("user_name")));
    message.setHeaders(
        io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            // The same event never mails a person twice; this lets a mail system tell too.
            .add("X-Wrench-Event-Id", event.getString("id", "")));
    return mailClient.sendMail(message).map(result -> Attempt.success(null));
  }

  private Future<Void> recordAttempt(JsonObject job, Attempt attempt, long durationMs) {
    int attemptNumber = job.getInteger("attempts", 0) + 1;
    JsonObject request =
        new JsonObject()
            .put("id", job.getString("id"))
            .put("outcome", attempt.outcome())
            .put("response_status", attempt.status())
            .put("error", attempt.error())
            .put("duration_ms", (int) Math.min(durationMs, Integer.MAX_VALUE))
            .put("delay_ms", backoff.delayMs(attemptNumber))
            .put("max_attempts", maxAttempts);
    String channel = job.getString("channel");
    return jobs.record(request)
        .<Void>map(
            reply -> {
              String status = reply.getString("status");
              switch (status) {
                case "delivered" -> meters.delivery(channel, "delivered");
                case "pending" -> meters.delivery(channel, "retried");
                case "cancelled" -> meters.delivery(channel, "cancelled");
                case "dead" -> {
                  meters.delivery(channel, "dead_lettered");
                  LOG.warn(
                      "Notification {} ({} to {}) dead-lettered after {} attempts: {}",
                      job.getString("id"),
                      channel,
                      job.getString("target"),
                      attemptNumber,
                      attempt.error());
                  publishDeadLetters();
                }
                default -> {
                  // gone: another instance finished it
                }
              }
              return null;
            })
        .onFailure(
            e ->
                LOG.warn(
                    "Recording notification {} failed: {}", job.getString("id"), e.getMessage()))
        .otherwiseEmpty();
  }

  // ---- Dead letters to Kafka, the backlog ----

  /** Hands dead letters not yet on the dead-letter topic to it (Kafka mode), then marks them. */
  private void publishDeadLetters() {
    if (dlqProducer == null || stopped) {
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
                    dlqProducer
                        .send(
                            KafkaProducerRecord.create(
                                    dlqTopic, letter.getString("work_order_id"), letter.encode())
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

  private void refreshBacklog() {
    jobs.backlog()
        .onSuccess(
            reply -> {
              lastBacklog = reply;
              meters.backlog(lastBacklog.getLong("pending"), lastBacklog.getLong("dead_letters"));
            });
  }

  private JsonObject status() {
    Set<String> channels = new HashSet<>();
    channels.add("webhook");
    if (mailClient != null) {
      channels.add("email");
    }
    JsonObject status =
        new JsonObject()
            .put("source", consumer != null ? "kafka" : "event-bus")
            .put("channels", new JsonArray(channels.stream().sorted().toList()))
            .put("state", lastError == null ? "up" : "degraded")
            .put("events_consumed", expanded)
            .mergeIn(lastBacklog);
    if (lastError != null) {
      status.put("last_error", lastError);
    }
    return status;
  }
}
