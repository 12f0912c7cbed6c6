package dev.wrench.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code wrench_circuit_breaker_state{name}}: one gauge per breaker name, 0 closed, 1 half-open, 2
 * open. A name can have a breaker per verticle instance (the object store's: one per HTTP event
 * loop); the gauge shows the worst of them, so that one open breaker is seen. A breaker is tracked
 * while its owner runs; the gauge goes with the last one of its name.
 */
public final class BreakerGauges {

  static final String NAME = "wrench.circuit.breaker.state";

  private record Tracked(Gauge gauge, Set<CircuitBreaker> breakers) {}

  // The registries are per Vert.x instance; a closed one is forgotten with its gauges.
  private static final Map<MeterRegistry, Map<String, Tracked>> TRACKED = new WeakHashMap<>();

  private BreakerGauges() {}

  /** Reports {@code breaker} in {@code meters}; run the answer when its owner stops. */
  public static synchronized Runnable track(MeterRegistry meters, CircuitBreaker breaker) {
    Map<String, Tracked> byName = TRACKED.computeIfAbsent(meters, m -> new HashMap<>());
    Tracked tracked =
        byName.computeIfAbsent(
            breaker.name(),
            name -> {
              Set<CircuitBreaker> breakers = ConcurrentHashMap.newKeySet();
              Gauge gauge =
                  Gauge.builder(NAME, breakers, BreakerGauges::worst)
                      .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                      .tag("name", name)
                      .register(meters);
              return new Tracked(gauge, breakers);
            });
    tracked.breakers().add(breaker);
    return () -> untrack(meters, breaker);
  }

  private static synchronized void untrack(MeterRegistry meters, CircuitBreaker breaker) {
    Map<String, Tracked> byName = TRACKED.get(meters);
    Tracked tracked = byName == null ? null : byName.get(breaker.name());
    if (tracked == null) {
      return;
    }
    tracked.breakers().remove(breaker);
    if (tracked.breakers().isEmpty()) {
      meters.remove(tracked.gauge());
      byName.remove(breaker.name());
    }
  }

  static double worst(Set<CircuitBreaker> breakers) {
    double worst = 0;
    for (CircuitBreaker breaker : breakers) {
      worst = Math.max(worst, state(breaker));
    }
    return worst;
  }

  private static double state(CircuitBreaker breaker) {
    return switch (breaker.state()) {
      case OPEN -> 2;
      case HALF_OPEN -> 1;
      case CLOSED -> 0;
    };
  }
}
