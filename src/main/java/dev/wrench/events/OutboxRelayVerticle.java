package dev.wrench.events;

import dev.wrench.bus.BusClient;
import dev.wrench.http.HealthRoutes;
import dev.wrench.store.DatabaseVerticle;
import dev.wrench.tracing.TraceContext;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox of work order events: to Kafka when configured (then also on the event bus
 * {@link #WORK_ORDER_EVENTS}), else on the event bus only (the in-process delivery).
 *
 * <p>The relay holds no SQL and no pool: it asks the database verticle to claim a batch under the
 * relay lease ({@link OutboxService#claim}) and to mark what was published ({@link
 * OutboxService#published}), as every other part of Wrench reaches PostgreSQL. That keeps the one
 * owner of the pool and of the SQL (style guide, ArchUnit) at the price of two bus round trips per
 * batch, which are negligible next to a Kafka acknowledgement. The lease lets one instance at a
 * time publish, in outbox order, so several instances never publish an event twice or out of order;
 * a batch is marked only while the lease is still held.
 *
 * <p>When a round should run: the database verticle nudges the relay ({@code
 * DatabaseVerticle.EVENTS_COMMITTED}) once a write that appended events has committed. An idle
 * relay then runs a round at once, unless its last round ended less than {@code nudge_gap_ms} ago:
 * it waits for the rest of that gap, so that a burst of writes is claimed by a few rounds, not by
 * one round each. Nudges that arrive during a round make one more round follow it (after the gap).
 * The poll ({@code poll_ms}) remains for what no nudge announces: the writes of other instances
 * (nudges are local), a relay that took the lease over, a nudge lost while the relay was starting.
 * A relay that does not hold the lease ignores nudges (its claims would only find the lease taken)
 * and polls to take it over when it expires; while failing it keeps to its backoff.
 *
 * <p>Deployed once per instance as a worker, with the {@code kafka} and {@code events} settings.
 */
public final class OutboxRelayVerticle extends VerticleBase {

  /** Published per event, on every node: the clustered event bus's feed of work order events. */
  public static final String WORK_ORDER_EVENTS = "wrench.events.work-orders";

  /** The process's local map where the relay leaves its id, for the lease's hand-over at stop. */
  public static final String LOCAL_MAP = "wrench.events.relay";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long BUS_TIMEOUT_MS = 10_000;
  // CloudEvents' structured mode on the bus too: the body is the whole event, and says so.
  private final DeliveryOptions cloudEvent =
      new DeliveryOptions().addHeader("content-type", CloudEvents.CONTENT_TYPE);

  private final String relayId = "relay-" + UUID.randomUUID();
  private final EventsConfig config;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private EventDelivery delivery;
  private DeliveryOptions busOptions;
  private OutboxService outbox;
  private final int batchSize;
  private final long pollMs;
  private final long nudgeGapMs;
  private final long leaseMs;
  private long backoffMs;
  private long overdueTimer = -1;
  private long loopTimer = -1;
  // System.nanoTime() at which the loop timer fires, and at which the last round ended.
  private long loopDueAt;
  private long roundEndedAt;
  private boolean inRound;
  private boolean nudgedInRound;
  private boolean stopped;
  private boolean holdsLease;
  // The last claim found the lease held by another instance.
  private boolean leasedElsewhere;
  private long published;
  private String lastError;
  private Future<?> round = Future.succeededFuture();

  public OutboxRelayVerticle(EventsConfig config) {
    this.config = config;
    this.batchSize = config.batchSize();
    this.pollMs = config.pollMs();
    this.nudgeGapMs = config.nudgeGapMs();
    this.leaseMs = config.leaseMs();
  }

  @Override
  public Future<?> start() {
    busOptions = new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS);
    this.outbox = BusClient.of(vertx.eventBus(), OutboxService.class, busOptions);
    delivery =
        config.kafka() ? new KafkaDelivery(vertx, config, LOG::warn) : new EventBusDelivery(vertx);
    vertx.sharedData().getLocalMap(OutboxRelayVerticle.LOCAL_MAP).put("relay_id", relayId);
    consumers.add(
        vertx.eventBus().localConsumer(HealthRoutes.EVENTS_STATUS, m -> status(m::reply)));
    consumers.add(vertx.eventBus().localConsumer(DatabaseVerticle.EVENTS_COMMITTED, m -> nudged()));
    long overdueMs = config.overdueCheckMs();
    overdueTimer = vertx.setPeriodic(overdueMs, overdueMs, id -> detectOverdue());
    roundEndedAt = System.nanoTime();
    schedule(0);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(overdueTimer);
    vertx.cancelTimer(loopTimer);
    // Once the round in flight is over (nothing is being published any more), hand the lease on
    // so another instance need not wait for it to expire. Best effort: the database verticle may be
    // stopping at the same time (it then releases the lease itself), else the lease expires.
    return round
        .otherwiseEmpty()
        .compose(
            v ->
                holdsLease
                    ? outbox.release(new JsonObject().put("relay", relayId)).otherwiseEmpty()
                    : Future.succeededFuture())
        .eventually(() -> delivery.close());
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    long delay = Math.max(1, delayMs);
    loopDueAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
    loopTimer = vertx.setTimer(delay, id -> relayOnce());
  }

  /**
   * Events were committed on this instance: during a round, one more round follows it; while idle,
   * a round runs once the gap since the last one has passed, unless the timer fires sooner anyway.
   */
  private void nudged() {
    if (stopped || leasedElsewhere || backoffMs > 0) {
      return;
    }
    if (inRound) {
      nudgedInRound = true;
      return;
    }
    long now = System.nanoTime();
    long gapLeft = nudgeGapMs - TimeUnit.NANOSECONDS.toMillis(now - roundEndedAt);
    long delay = Math.max(1, gapLeft);
    if (loopTimer >= 0 && loopDueAt - now <= TimeUnit.MILLISECONDS.toNanos(delay)) {
      return;
    }
    vertx.cancelTimer(loopTimer);
    schedule(delay);
  }

  /** Claims a batch, publishes it, marks it, and schedules the next round. */
  private void relayOnce() {
    loopTimer = -1;
    inRound = true;
    nudgedInRound = false;
    // Until the destination has taken an event, and while it fails or does not answer, one event
    // at a time probes for the way: a batch of sends that each wait for metadata or for the
    // delivery timeout could outlast the lease.
    int limit =
        lastError == null && delivery.reachable() && (published > 0 || !delivery.remote())
            ? batchSize
            : 1;
    Future<Boolean> more =
        outbox
            .claim(
                new JsonObject().put("relay", relayId).put("limit", limit).put("lease_ms", leaseMs))
            .compose(
                reply -> {
                  JsonObject claim = reply;
                  holdsLease = claim.getBoolean("leased");
                  leasedElsewhere = !holdsLease;
                  if (!holdsLease) {
                    return Future.succeededFuture(false);
                  }
                  JsonArray rows = claim.getJsonArray("events");
                  if (rows.isEmpty()) {
                    return Future.succeededFuture(false);
                  }
                  return publish(claim.getLong("epoch"), rows)
                      .map(all -> all && rows.size() == limit);
                });
    round = more;
    more.onComplete(
        done -> {
          inRound = false;
          roundEndedAt = System.nanoTime();
          if (done.succeeded()) {
            backoffMs = 0;
            // A full batch: the next one at once. Else the events nudged in meanwhile, after the
            // gap; else wait for a nudge, or for the poll.
            schedule(done.result() ? 0 : nudgedInRound ? nudgeGapMs : pollMs);
            return;
          }
          if (!stopped) {
            backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, backoffMs * 2));
            LOG.warn(
                "The event relay failed ({}); retrying in {} ms",
                done.cause().getMessage(),
                backoffMs);
          }
          schedule(backoffMs);
        });
  }

  /** Publishes the rows in order; true when every one of them was published. */
  private Future<Boolean> publish(long epoch, JsonArray rows) {
    List<JsonObject> events = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      events.add(CloudEvents.fromOutbox(rows.getJsonObject(i)));
    }
    return delivery
        .publish(events)
        .compose(
            outcome -> {
              JsonArray sequences = new JsonArray();
              List<JsonObject> delivered = new ArrayList<>();
              for (int i = 0; i < events.size(); i++) {
                if (outcome.delivered().get(i)) {
                  sequences.add(events.get(i).getLong("wrenchsequence"));
                  delivered.add(events.get(i));
                }
              }
              lastError = outcome.error();
              if (sequences.isEmpty()) {
                return Future.failedFuture(
                    "no event of the batch was delivered: " + outcome.error());
              }
              return outbox
                  .published(
                      new JsonObject()
                          .put("relay", relayId)
                          .put("epoch", epoch)
                          .put("lease_ms", leaseMs)
                          .put("sequences", sequences))
                  .map(
                      marked -> {
                        published += delivered.size();
                        publishOnBus(delivered);
                        return delivered.size() == events.size();
                      });
            });
  }

  /**
   * The delivered events go on the event bus once the outbox has them marked, so that a batch the
   * relay has to publish again is never seen twice by the bus's consumers; each in the trace of the
   * change that wrote it (a no-op when that was not traced).
   */
  private void publishOnBus(List<JsonObject> events) {
    for (JsonObject event : events) {
      try (Scope resumed = TraceContext.resume(event.getString(CloudEvents.TRACEPARENT))) {
        vertx.eventBus().publish(OutboxRelayVerticle.WORK_ORDER_EVENTS, event, cloudEvent);
      }
    }
  }

  private void detectOverdue() {
    outbox
        .detectOverdue(new JsonObject().put("limit", 500))
        .onSuccess(
            reply -> {
              long written = reply.getLong("written");
              if (written > 0) {
                LOG.info("{} work orders became overdue", written);
              }
              if (written >= 500) {
                detectOverdue();
              }
            })
        .onFailure(e -> LOG.warn("The overdue check failed: {}", e.getMessage()));
  }

  private void status(java.util.function.Consumer<JsonObject> reply) {
    JsonObject status =
        delivery
            .describe()
            .put("state", lastError == null && delivery.reachable() ? "up" : "degraded")
            .put("published", published)
            .put("holds_lease", holdsLease);
    if (lastError != null) {
      status.put("last_error", lastError);
    }
    outbox
        .backlog()
        .onSuccess(backlog -> status.mergeIn(backlog))
        .onComplete(ignored -> reply.accept(status));
  }
}
