package dev.wrench.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox lag on {@code /metrics}: events written but not yet published, and the age of the
 * oldest. Refreshed periodically by one database verticle of the process.
 */
final class OutboxMeters {

  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();
  // Epoch milliseconds of the oldest unpublished event; 0 when the outbox is drained.
  private final AtomicLong oldest = new AtomicLong();
  private final List<Gauge> gauges;

  OutboxMeters(MeterRegistry registry) {
    this.registry = registry;
    this.gauges =
        List.of(
            Gauge.builder("wrench.outbox.pending", pending, AtomicLong::get)
                .description("Work order events written but not yet published (the outbox lag)")
                .register(registry),
            Gauge.builder(
                    "wrench.outbox.oldest.age.seconds",
                    oldest,
                    at ->
                        at.get() == 0
                            ? 0
                            : Math.max(0, System.currentTimeMillis() - at.get()) / 1000.0)
                .description("Age of the oldest unpublished work order event (0 when none)")
                .register(registry));
  }

  /** {@code backlog}: the outbox's {@code {pending, oldest_pending_at}}. */
  void update(io.vertx.core.json.JsonObject backlog) {
    pending.set(backlog.getLong("pending"));
    String at = backlog.getString("oldest_pending_at");
    oldest.set(at == null ? 0 : Instant.parse(at).toEpochMilli());
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
