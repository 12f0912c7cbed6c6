package dev.wrench.ratelimit;

import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the HTTP verticles of one process share about rate limits: the in-process windows (the
 * embedded mode's limiter, and the shared limiter's fallback), and whether the shared limiter is
 * falling back now, so that the switch is logged once per process.
 */
public final class ProcessLimits implements Shareable {

  private static final String KEY = "rate-limit.process";

  private final SlidingWindowLimiter windows = new SlidingWindowLimiter(System::currentTimeMillis);
  private final AtomicBoolean fallingBack = new AtomicBoolean();

  private ProcessLimits() {}

  /** The process's instance, kept in {@code runtime} (a shared local map). */
  public static ProcessLimits of(LocalMap<String, Object> runtime) {
    runtime.putIfAbsent(KEY, new ProcessLimits());
    return (ProcessLimits) runtime.get(KEY);
  }

  SlidingWindowLimiter windows() {
    return windows;
  }

  /** Marks the fallback on; true when it was off (the caller logs the switch). */
  boolean startFallingBack() {
    return fallingBack.compareAndSet(false, true);
  }

  /** Marks the fallback off; true when it was on. */
  boolean stopFallingBack() {
    return fallingBack.compareAndSet(true, false);
  }

  boolean fallingBack() {
    return fallingBack.get();
  }
}
