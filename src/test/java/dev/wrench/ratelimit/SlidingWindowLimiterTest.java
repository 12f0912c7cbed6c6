package dev.wrench.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(now::get);

  @Test
  void admitsTheLimitInAWindowAndRefusesTheNextWithTheTimeUntilASlotFrees() {
    for (int i = 0; i < 100; i++) {
      RateLimitDecision decision = limiter.take("u", 100, 60_000);
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(99 - i);
      now.addAndGet(10);
    }
    RateLimitDecision refused = limiter.take("u", 100, 60_000);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.limit()).isEqualTo(100);
    // The first request (1000 ms ago) leaves the window in 59 s.
    assertThat(refused.resetMillis()).isEqualTo(59_000);
    assertThat(refused.resetSeconds()).isEqualTo(59);
  }

  @Test
  void theWindowSlides() {
    limiter.take("u", 2, 1_000);
    now.addAndGet(600);
    limiter.take("u", 2, 1_000);
    assertThat(limiter.take("u", 2, 1_000).allowed()).isFalse();
    now.addAndGet(400); // the first leaves the window (exactly 1000 ms old)
    RateLimitDecision again = limiter.take("u", 2, 1_000);
    assertThat(again.allowed()).isTrue();
    assertThat(again.remaining()).isZero();
    assertThat(again.resetMillis()).isEqualTo(600);
  }

  @Test
  void refusedRequestsDoNotCount() {
    limiter.take("u", 1, 1_000);
    for (int i = 0; i < 50; i++) {
      now.addAndGet(10);
      assertThat(limiter.take("u", 1, 1_000).allowed()).isFalse();
    }
    now.addAndGet(500);
    assertThat(limiter.take("u", 1, 1_000).allowed()).isTrue();
  }

  @Test
  void bucketsAreIndependentAndIdleOnesAreSwept() {
    assertThat(limiter.take("a", 1, 1_000).allowed()).isTrue();
    assertThat(limiter.take("b", 1, 1_000).allowed()).isTrue();
    assertThat(limiter.take("a", 1, 1_000).allowed()).isFalse();
    now.addAndGet(500);
    limiter.take("c", 1, 1_000);
    now.addAndGet(600);
    limiter.sweep(now.get());
    assertThat(limiter.buckets()).isEqualTo(1); // c is still in its window
  }

  @Test
  void aLoweredLimitRefusesUntilEnoughHaveLeft() {
    for (int i = 0; i < 5; i++) {
      limiter.take("u", 5, 1_000);
    }
    RateLimitDecision lowered = limiter.take("u", 2, 1_000);
    assertThat(lowered.allowed()).isFalse();
    assertThat(lowered.remaining()).isZero();
  }

  @Test
  void manyLimitsKeepExactCounts() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.take("big", 10_000, 60_000).allowed()).isTrue();
    }
    assertThat(limiter.take("big", 10_000, 60_000).allowed()).isFalse();
  }
}
