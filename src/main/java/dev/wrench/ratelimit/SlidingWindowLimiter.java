package dev.wrench.ratelimit;

import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An exact sliding-window limiter in this process: a bucket admits at most {@code limit} requests
 * in any {@code window} milliseconds, by keeping the times of the requests it admitted (refused
 * ones do not count, so a client that keeps knocking still gets in once its window has moved). The
 * same algorithm as the Redis script of the cache verticle, so that the embedded mode and the
 * fallback behave like the shared limiter. One instance serves every HTTP verticle of the process
 * ({@link Shareable}); buckets are updated atomically per key, and idle ones are swept now and
 * then.
 */
public final class SlidingWindowLimiter implements Shareable {

  private static final int SWEEP_EVERY = 4_096;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final LongSupplier clock;

  public SlidingWindowLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  public RateLimitDecision take(String bucket, int limit, long windowMillis) {
    long now = clock.getAsLong();
    RateLimitDecision[] decision = new RateLimitDecision[1];
    windows.compute(
        bucket,
        (key, window) -> {
          Window w = window == null ? new Window() : window;
          decision[0] = w.take(now, limit, windowMillis);
          return w;
        });
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    return decision[0];
  }

  /** Buckets in memory (for tests of the sweep). */
  int buckets() {
    return windows.size();
  }

  void sweep(long now) {
    for (String key : windows.keySet()) {
      windows.computeIfPresent(key, (k, w) -> w.idle(now) ? null : w);
    }
  }

  /** The admitted request times of one bucket, oldest first, in a ring that grows as needed. */
  private static final class Window {
    private long[] times = new long[8];
    private int head;
    private int size;
    private long windowMillis;

    RateLimitDecision take(long now, int limit, long window) {
      windowMillis = window;
      while (size > 0 && times[head] <= now - window) {
        head = (head + 1) % times.length;
        size--;
      }
      boolean allowed = size < limit;
      if (allowed) {
        add(now);
      }
      long reset = size == 0 ? window : times[head] + window - now;
      return new RateLimitDecision(allowed, limit, limit - size, reset);
    }

    boolean idle(long now) {
      return size == 0 || times[(head + size - 1) % times.length] <= now - windowMillis;
    }

    private void add(long time) {
      if (size == times.length) {
        long[] grown = new long[times.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = times[(head + i) % times.length];
        }
        times = grown;
        head = 0;
      }
      times[(head + size) % times.length] = time;
      size++;
    }
  }
}
