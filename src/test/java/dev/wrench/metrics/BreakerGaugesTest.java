package dev.wrench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One gauge per breaker name, the worst of its breakers, gone with the last of them. */
class BreakerGaugesTest {

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private CircuitBreaker breaker(String name) {
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions().setResetTimeout(60_000));
  }

  private Gauge gauge(String name) {
    return meters.find(BreakerGauges.NAME).tag("name", name).gauge();
  }

  @Test
  void theGaugeShowsTheWorstBreakerOfItsName() {
    CircuitBreaker first = breaker("object-storage");
    CircuitBreaker second = breaker("object-storage");
    Runnable untrackFirst = BreakerGauges.track(meters, first);
    Runnable untrackSecond = BreakerGauges.track(meters, second);
    Runnable untrackRedis = BreakerGauges.track(meters, breaker("redis"));
    assertThat(meters.find(BreakerGauges.NAME).gauges()).hasSize(2);
    assertThat(gauge("object-storage").value()).isZero();

    second.open();
    assertThat(gauge("object-storage").value()).isEqualTo(2);
    assertThat(gauge("redis").value()).isZero();

    untrackSecond.run();
    assertThat(gauge("object-storage").value()).isZero();
    untrackFirst.run();
    untrackFirst.run();
    assertThat(gauge("object-storage")).isNull();
    untrackRedis.run();
    assertThat(meters.find(BreakerGauges.NAME).gauges()).isEmpty();
  }

  @Test
  void aBreakerTryingAgainIsOne() {
    // Open, then half-open once the reset timeout has passed.
    CircuitBreaker breaker =
        CircuitBreaker.create("redis", vertx, new CircuitBreakerOptions().setResetTimeout(20));
    Runnable untrack = BreakerGauges.track(meters, breaker);
    breaker.open();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gauge("redis").value() == 1);
    untrack.run();
  }
}
