package dev.wrench.cache;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loads in flight, one per key, and the misses waiting for them: the stampede protection of
 * {@link CacheVerticle}. The first miss of a key gets a lease and loads the row; misses of the same
 * key that arrive meanwhile wait for its put (or release, or the lease's timeout), so concurrent
 * misses cause one database read per instance. A waiter that saw a tombstone newer than the loaded
 * row (a write committed after the load began) is not given it and reads for itself.
 *
 * <p>One serves the process: the cache verticles of every event loop share it (a miss on one loop
 * waits for the load another loop's miss began), so its state is kept under its lock, and the
 * answers to waiters are sent once the lock is let go.
 */
final class Leases {

  /**
   * How long a finished load keeps answering misses after the store has its row: a lookup sent to
   * Redis before the row was stored can come back after it (another pooled connection), still
   * seeing the tombstone; within this time it gets the loaded row instead of loading again.
   */
  private static final long LINGER_MS = 200;

  /**
   * A load in flight for one key, and the misses waiting for it. Once loaded it stays, holding the
   * row, until the store has it: a read of the store that began before the row was stored and
   * answers "nothing" after the lease ended would otherwise load again.
   */
  static final class Lease {
    private final long token;
    // Past it, an unfinished load is given up (the sweep ends it): its waiters read for themselves.
    private final long deadline;
    // The tombstone version the loader saw: its load is at least that new.
    private final long minVersion;
    private final List<Waiter> waiters = new ArrayList<>();
    private String loaded;
    private long loadedVersion;
    // Once the store has the loaded row: when the lease stops answering misses.
    private long lingerUntil = Long.MAX_VALUE;

    private Lease(long token, long deadline, long minVersion) {
      this.token = token;
      this.deadline = deadline;
      this.minVersion = minVersion;
    }
  }

  /** A miss waiting for a load; it accepts only a row of at least {@code minVersion}. */
  private record Waiter(Message<JsonObject> message, long minVersion) {}

  private final Map<String, Lease> leases = new HashMap<>();
  private final long leaseTimeoutMs;
  private long tokens;

  Leases(long leaseTimeoutMs) {
    this.leaseTimeoutMs = leaseTimeoutMs;
  }

  /**
   * One periodic sweep ends leases past their deadline or linger, instead of a timer set and
   * cancelled per miss: a miss is the common case of a cold cache.
   */
  long sweepEveryMs() {
    return Math.max(10, Math.min(leaseTimeoutMs, LINGER_MS) / 4);
  }

  /**
   * A miss of {@code key} (the store had nothing, or a tombstone of {@code minVersion}): answered
   * with a loaded row, or made to wait for the load in flight, or given the lease to load it.
   */
  void miss(Message<JsonObject> message, String key, long minVersion) {
    Runnable reply;
    synchronized (this) {
      Lease lease = leases.get(key);
      if (lease != null && lease.loaded != null) {
        reply = answer(new Waiter(message, minVersion), lease.loaded, lease.loadedVersion);
      } else if (lease != null) {
        lease.waiters.add(new Waiter(message, minVersion));
        return;
      } else {
        long token = ++tokens;
        leases.put(key, new Lease(token, now() + leaseTimeoutMs, minVersion));
        reply = () -> message.reply(status("miss").put("lease", token));
      }
    }
    reply.run();
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /** Ends the loads past their deadline (waiters read for themselves) and the finished lingers. */
  void sweep() {
    List<Runnable> replies = new ArrayList<>();
    synchronized (this) {
      long now = now();
      var entries = leases.values().iterator();
      while (entries.hasNext()) {
        Lease lease = entries.next();
        if (lease.loaded == null && now >= lease.deadline) {
          entries.remove();
          lease.waiters.forEach(waiter -> replies.add(answer(waiter, null, -1)));
          lease.waiters.clear();
        } else if (lease.loaded != null && now >= lease.lingerUntil) {
          entries.remove();
        }
      }
    }
    replies.forEach(Runnable::run);
  }

  /**
   * Ends the lease {@code token} of {@code key} (any lease when null): waiters get {@code row}
   * (JSON text of {@code version}) when it is new enough for them, else read for themselves. With a
   * row, the lease stays (answering later misses the same way) until {@link #settle} once the store
   * has the row.
   */
  Lease end(String key, Long token, String row, long version) {
    List<Runnable> replies = new ArrayList<>();
    Lease ended;
    synchronized (this) {
      ended = endLocked(key, token, row, version, replies);
    }
    replies.forEach(Runnable::run);
    return ended;
  }

  private Lease endLocked(
      String key, Long token, String row, long version, List<Runnable> replies) {
    Lease lease = leases.get(key);
    if (lease == null || (token != null && lease.token != token) || lease.loaded != null) {
      if (lease != null && token == null) {
        leases.remove(key);
      }
      return null;
    }
    if (row == null) {
      leases.remove(key);
    } else {
      lease.loaded = row;
      lease.loadedVersion = version;
    }
    for (Waiter waiter : lease.waiters) {
      replies.add(answer(waiter, row, version));
    }
    lease.waiters.clear();
    return row == null ? null : lease;
  }

  /** Ends any lease of {@code key}: a write made whatever it loads stale. */
  void endAny(String key) {
    end(key, null, null, -1);
  }

  /** The store has the loaded row: the lease lingers a little, then the sweep removes it. */
  synchronized void settle(String key, Lease lease) {
    // An invalidation meanwhile has removed it already (end); the sweep removes it otherwise.
    if (lease != null && leases.get(key) == lease) {
      lease.lingerUntil = now() + LINGER_MS;
    }
  }

  /**
   * Whether the load in flight for {@code key} began after a tombstone of at least {@code version}
   * was visible: then a write of that version cannot make it stale.
   */
  synchronized boolean loadingAtLeast(String key, long version) {
    Lease lease = leases.get(key);
    return lease != null && lease.loaded == null && lease.minVersion >= version;
  }

  synchronized int inFlight() {
    return leases.size();
  }

  synchronized int waiting() {
    return leases.values().stream().mapToInt(lease -> lease.waiters.size()).sum();
  }

  /** The answer to a waiter, sent once the lock is let go (a reply may run its handler at once). */
  private static Runnable answer(Waiter waiter, String row, long version) {
    if (row != null && version >= waiter.minVersion()) {
      return () -> waiter.message().reply(status("hit").put("value", row).put("version", version));
    }
    return () -> waiter.message().reply(status("miss"));
  }

  private static JsonObject status(String status) {
    return new JsonObject().put("status", status);
  }
}
