package dev.wrench.store;

import dev.wrench.bus.BusServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a database verticle lends each feature ({@code Feature#store}): its tenant-scoped access to
 * the pool, the idempotency records, the bus to serve contracts on, and timers that end with it.
 */
public final class StoreContext {

  private static final Logger LOG = LoggerFactory.getLogger(StoreContext.class);

  private final Vertx vertx;
  private final RowSecurity db;
  private final IdempotencyStore idempotency;
  private final boolean sweeper;
  private final MeterRegistry meters;
  private final BusServer.Outcomes outcomes;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final List<Supplier<Future<?>>> stops = new ArrayList<>();

  StoreContext(
      Vertx vertx,
      RowSecurity db,
      IdempotencyStore idempotency,
      boolean sweeper,
      MeterRegistry meters,
      BusServer.Outcomes outcomes) {
    this.vertx = vertx;
    this.db = db;
    this.idempotency = idempotency;
    this.sweeper = sweeper;
    this.meters = meters;
    this.outcomes = outcomes;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Statements scoped to one organization ({@code tenant}) or, narrowly, to none. */
  public RowSecurity db() {
    return db;
  }

  public IdempotencyStore idempotency() {
    return idempotency;
  }

  /** The registry of {@code /metrics}, where a feature's meters go. */
  public MeterRegistry meters() {
    return meters;
  }

  /**
   * Whether this instance does the process's periodic work (sweeps, gauges): one database verticle
   * of a process does, so that each runs once per interval, not once per event loop.
   */
  public boolean sweeper() {
    return sweeper;
  }

  /** Serves {@code contract} ({@code dev.wrench.bus.Bus}) with {@code implementation}. */
  public void serve(Class<?> contract, Object implementation) {
    consumers.addAll(BusServer.serve(vertx.eventBus(), contract, implementation, outcomes));
  }

  /**
   * Runs {@code task} every {@code periodMs} until the verticle stops; a failure is logged as
   * {@code what} and the next round runs as planned.
   */
  public void every(long periodMs, String what, Supplier<Future<?>> task) {
    timers.add(
        vertx.setPeriodic(
            periodMs,
            id -> task.get().onFailure(e -> LOG.warn("{} failed: {}", what, e.getMessage(), e))));
  }

  /** As {@link #every}, with a first round now. */
  public void nowAndEvery(long periodMs, String what, Supplier<Future<?>> task) {
    task.get().onFailure(e -> LOG.warn("{} failed: {}", what, e.getMessage(), e));
    every(periodMs, what, task);
  }

  /** Runs {@code stop} when the verticle stops, before its pool closes. */
  public void onStop(Supplier<Future<?>> stop) {
    stops.add(stop);
  }

  Future<?> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    return Future.all(stops.stream().map(s -> s.get().otherwiseEmpty()).toList());
  }
}
