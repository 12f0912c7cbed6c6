package dev.wrench.notification;

import dev.wrench.bus.BusClient;
import dev.wrench.events.EventBusDelivery;
import dev.wrench.events.EventsConfig;
import dev.wrench.http.HealthRoutes;
import dev.wrench.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The notification worker. It consumes work order events (from Kafka in a consumer group, or from
 * this node's outbox relay without Kafka), decides who is told what ({@link NotificationRules}) and
 * records one delivery job per (event id, channel, target) in PostgreSQL; the unique key makes an
 * event consumed twice harmless. Kafka offsets are committed only once the jobs of every record
 * before them are recorded; without Kafka the relay marks a batch published only once this worker
 * has answered its hand-over ({@link EventBusDelivery#INTAKE}). That is {@link NotificationIntake}.
 *
 * <p>Jobs are then delivered from PostgreSQL, in two lanes: critical work orders' notifications
 * have slots of their own, so a backlog of routine ones never delays them. Each lane claims due
 * jobs (FOR UPDATE SKIP LOCKED, with a lease: several instances never send the same job at once),
 * and a target (a webhook subscription, a user's mailbox) has at most {@code per_target} deliveries
 * in flight, so a receiver that hangs or fails holds only its own slots ({@link DeliveryLanes}).
 * Failures are retried with exponential backoff and jitter; after the last attempt the job is
 * dead-lettered ({@link NotificationDelivery}): a row in PostgreSQL and, with Kafka, a record on
 * the dead-letter topic ({@link DeadLetterPublisher}). {@link NotificationStatus} is its health.
 *
 * <p>Deployed once per instance as a worker: every part runs on this verticle's context, which is
 * why they keep their counts in plain fields. This class wires them and owns their timers and
 * consumers. Its settings: {@code notifications} and {@code smtp}, and the {@code kafka} cluster
 * and topic of the events.
 */
public final class NotificationVerticle extends VerticleBase {

  /** Sent (no body) when deliveries became due again, e.g. a dead letter redriven: pump now. */
  public static final String WAKE = "wrench.notifications.wake";

  private static final long BUS_TIMEOUT_MS = 10_000;
  private static final long BACKLOG_REFRESH_MS = 5_000;
  private static final long DEAD_LETTER_PUBLISH_MS = 5_000;

  private final NotificationsConfig config;
  private final EventsConfig events;
  private final String metricsRegistry;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private NotificationMeters meters;
  private NotificationDelivery delivery;
  private DeliveryLanes lanes;
  private NotificationIntake intake;

  /** Null without Kafka: dead letters then stay rows in PostgreSQL only. */
  private DeadLetterPublisher deadLetterTopic;

  /** {@code metricsRegistry}: the registry of /metrics (null: a private one). */
  public NotificationVerticle(
      NotificationsConfig config, EventsConfig events, String metricsRegistry) {
    this.config = config;
    this.events = events;
    this.metricsRegistry = metricsRegistry;
  }

  @Override
  public Future<?> start() {
    NotificationService jobs =
        BusClient.of(
            vertx.eventBus(),
            NotificationService.class,
            new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS));
    meters = new NotificationMeters(Metrics.registry(metricsRegistry));
    delivery = new NotificationDelivery(vertx, config, jobs, meters, this::publishDeadLetters);
    NotificationStatus status =
        new NotificationStatus(
            jobs, meters, events.kafka() ? "kafka" : "event-bus", delivery.sendsMail());
    lanes = new DeliveryLanes(config, jobs, delivery, status);
    intake = new NotificationIntake(vertx, jobs, lanes, status, delivery.sendsMail());

    consumers.add(vertx.eventBus().localConsumer(NotificationVerticle.WAKE, m -> lanes.pumpAll()));
    consumers.add(
        vertx
            .eventBus()
            .localConsumer(HealthRoutes.NOTIFICATIONS_STATUS, m -> m.reply(status.report())));
    long pollMs = config.pollMs();
    timers.add(vertx.setPeriodic(pollMs, pollMs, id -> lanes.pumpAll()));
    timers.add(vertx.setPeriodic(1, BACKLOG_REFRESH_MS, id -> status.refreshBacklog()));

    Future<?> source;
    if (!events.kafka()) {
      // Without Kafka this node's relay hands each batch over and marks it published only once
      // its jobs are recorded here.
      MessageConsumer<JsonObject> events =
          vertx.eventBus().localConsumer(EventBusDelivery.INTAKE, intake::handOver);
      consumers.add(events);
      source = Future.succeededFuture();
    } else {
      deadLetterTopic =
          new DeadLetterPublisher(vertx, jobs, events.kafkaBootstrapServers(), config.dlqTopic());
      timers.add(
          vertx.setPeriodic(
              DEAD_LETTER_PUBLISH_MS, DEAD_LETTER_PUBLISH_MS, id -> publishDeadLetters()));
      source =
          intake.consumeKafka(events.kafkaBootstrapServers(), events.topic(), config.groupId());
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> source)
        .onSuccess(v -> lanes.pumpAll());
  }

  @Override
  public Future<?> stop() {
    // Everything runs on this context, so nothing starts between these steps: once the lanes
    // stop, no job is claimed; the intake and the dead-letter topic stop as they close.
    lanes.stop();
    timers.forEach(vertx::cancelTimer);
    meters.close();
    List<Future<?>> closing = new ArrayList<>();
    closing.add(intake.close());
    if (deadLetterTopic != null) {
      closing.add(deadLetterTopic.close());
    }
    closing.add(delivery.close());
    return Future.join(closing);
  }

  /** A job was dead-lettered (or the periodic round): its letter goes to the topic, with Kafka. */
  private void publishDeadLetters() {
    if (deadLetterTopic != null) {
      deadLetterTopic.publish();
    }
  }
}
