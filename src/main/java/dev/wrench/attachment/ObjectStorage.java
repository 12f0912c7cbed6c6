package dev.wrench.attachment;

import dev.wrench.core.BusError;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The object store as the attachment handlers reach it: its calls block, so they run on the
 * attachment workers, and the ones that decide an answer go through the {@code object-storage}
 * circuit breaker, so that with the store down requests fail fast with 503 instead of queueing on
 * the workers.
 */
final class ObjectStorage {

  /** Bytes handed to or read from the store per worker hop. */
  static final int CHUNK = 64 * 1024;

  private final WorkerExecutor executor;
  private final CircuitBreaker breaker;
  private ObjectStore store;

  ObjectStorage(WorkerExecutor executor, CircuitBreaker breaker) {
    this.executor = executor;
    this.breaker = breaker;
  }

  /**
   * The object store, once opened (its client is built on a worker): the HTTP verticle listens only
   * after that, so no request meets a handler without it.
   */
  void open(ObjectStore opened) {
    this.store = opened;
  }

  ObjectStore store() {
    return store;
  }

  /** A blocking store call on the attachment workers, through the breaker. */
  <T> Future<T> guarded(Callable<T> call) {
    return breaker.execute(() -> executor.executeBlocking(call, false));
  }

  /**
   * A blocking call on the attachment workers, outside the breaker: clean-up after a refusal and
   * the reads of a download already under way, whose failures say nothing new about the store.
   */
  <T> Future<T> onWorker(Callable<T> call) {
    return executor.executeBlocking(call, false);
  }

  /** Open: the store failed repeatedly just now, so a new upload is refused before it is read. */
  boolean breakerOpen() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  static BusError unavailable() {
    return new BusError(
        503, "service-unavailable", "attachment storage is unavailable; retry shortly");
  }

  /** For {@code /health/ready}: whether the store answers (through the breaker). */
  Future<JsonObject> status() {
    long started = System.nanoTime();
    return guarded(
            () -> {
              store.check();
              return null;
            })
        .map(
            v ->
                new JsonObject()
                    .put("state", "up")
                    .put("store", store.describe())
                    .put("duration_ms", (System.nanoTime() - started) / 1_000_000))
        .otherwise(
            e ->
                new JsonObject()
                    .put("state", "down")
                    .put("store", store.describe())
                    .put("breaker", breaker.state().name().toLowerCase(Locale.ROOT)));
  }
}
