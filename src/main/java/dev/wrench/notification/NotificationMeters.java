package dev.wrench.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of notifications: {@code wrench_notification_deliveries_total{channel,outcome}}
 * (outcome: {@code delivered}, {@code retried}, {@code dead_lettered}, {@code cancelled}), and the
 * gauges {@code wrench_notification_dead_letters} (dead letters not re-driven) and {@code
 * wrench_notification_pending} (jobs waiting for delivery), refreshed by the notification worker.
 */
public final class NotificationMeters {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final Gauge deadLetterGauge;
  private final Gauge pendingGauge;

  public NotificationMeters(MeterRegistry registry) {
    this.registry = registry;
    this.deadLetterGauge =
        Gauge.builder("wrench.notification.dead.letters", deadLetters, AtomicLong::get)
            .description("Notification dead letters not re-driven (refreshed periodically)")
            .register(registry);
    this.pendingGauge =
        Gauge.builder("wrench.notification.pending", pending, AtomicLong::get)
            .description("Notification deliveries waiting (refreshed periodically)")
            .register(registry);
  }

  public void delivery(String channel, String outcome) {
    counters
        .computeIfAbsent(
            channel + "/" + outcome,
            k ->
                Counter.builder("wrench.notification.deliveries")
                    .description("Notification delivery attempts by channel and outcome")
                    .tag("channel", channel)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  public void backlog(long pendingJobs, long openDeadLetters) {
    pending.set(pendingJobs);
    deadLetters.set(openDeadLetters);
  }

  public void close() {
    registry.remove(deadLetterGauge);
    registry.remove(pendingGauge);
    counters.values().forEach(registry::remove);
  }
}
