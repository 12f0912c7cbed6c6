package dev.wrench.workorder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The business meters of work orders: {@code wrench_work_orders_creations_total{priority}}, {@code
 * wrench_work_orders_completions_total{priority}}, and the gauges {@code wrench_work_orders_open}
 * (the backlog: open, in progress, on hold) and {@code wrench_work_orders_overdue} (of those, due
 * before now), across organizations (a tenant label would grow with every customer). Not
 * "created"/"completed": the Prometheus naming drops a {@code _created} suffix (OpenMetrics
 * reserves it), so the nouns name the events.
 */
public final class WorkOrderMeters {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong overdue = new AtomicLong();
  private Gauge openGauge;
  private Gauge overdueGauge;

  public WorkOrderMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public void created(String priority) {
    counter("wrench.work.orders.creations", "Work orders created", priority).increment();
  }

  public void completed(String priority) {
    counter("wrench.work.orders.completions", "Work orders moved to completed", priority)
        .increment();
  }

  private Counter counter(String name, String description, String priority) {
    String tag = priority == null ? "unknown" : priority;
    return counters.computeIfAbsent(
        name + "/" + tag,
        k ->
            Counter.builder(name).description(description).tag("priority", tag).register(registry));
  }

  /** Registers the backlog gauges; one database verticle per process refreshes them. */
  public void registerBacklog() {
    openGauge =
        Gauge.builder("wrench.work.orders.open", open, AtomicLong::get)
            .description("Work orders open, in progress or on hold (refreshed periodically)")
            .register(registry);
    overdueGauge =
        Gauge.builder("wrench.work.orders.overdue", overdue, AtomicLong::get)
            .description("Open work orders whose due_at has passed (refreshed periodically)")
            .register(registry);
  }

  public void backlog(long openCount, long overdueCount) {
    open.set(openCount);
    overdue.set(overdueCount);
  }

  /** Removes the gauges (the verticle that refreshed them stops). */
  public void close() {
    if (openGauge != null) {
      registry.remove(openGauge);
      registry.remove(overdueGauge);
    }
  }
}
