package dev.wrench.notification;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all of {@code
 * base * 2^(n-1)}, capped at {@code max} ("equal jitter": retries of many failed deliveries spread
 * out instead of arriving together, yet none comes back at once).
 */
public record Backoff(long baseMs, long maxMs) {

  /** The delay after the {@code attempt}-th failure (1-based). */
  public long delayMs(int attempt) {
    int exponent = Math.max(0, Math.min(attempt - 1, 30));
    long ceiling = Math.min(maxMs, baseMs * (1L << exponent));
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
