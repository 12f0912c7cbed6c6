package dev.wrench.cache;

import dev.wrench.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns Redis (or, without it, the in-process cache) and answers the {@code wrench.cache.*}
 * addresses of {@link Addresses}: cache-aside reads of single work orders, assets and technicians,
 * their invalidation by writes, and the shared rate-limit windows. Deployed once.
 *
 * <p>Stampede protection: the first miss of a key gets a lease and loads the row; misses of the
 * same key that arrive meanwhile wait for its {@link Addresses#CACHE_PUT} (or {@link
 * Addresses#CACHE_RELEASE}, or the lease's timeout), so concurrent misses cause one database read
 * per instance. A waiter that saw a tombstone newer than the loaded row (a write committed after
 * the load began) is not given it and reads for itself.
 *
 * <p>Entries carry the row's version. A write leaves a tombstone of its version before its response
 * is sent, and a put never replaces a newer version or tombstone: a load that began before a write
 * cannot cache the old row after it, and a client never reads its own write stale. The invalidation
 * reaches every instance: Redis is shared, and its channel tells every cache verticle to drop the
 * loads in flight for the key (without Redis: a publish on {@link Addresses#CACHE_INVALIDATED}).
 *
 * <p>Config: {@code {enabled, key_prefix, redis?: {url, timeout_ms, breaker_max_failures,
 * breaker_reset_ms, pool_size}, ttl_seconds: {work-orders, assets, technicians}, max_entries,
 * max_megabytes, lease_timeout_ms}}.
 */
public final class CacheVerticle extends VerticleBase {

  /**
   * {@code {kind, org_id, id}} → {@code {status: "hit", value: "<json>", version}}, or {@code
   * {status: "miss", lease?}}: with a lease, the caller is the one loader of this key and answers
   * with {@link #PUT} or {@link #RELEASE} while concurrent misses wait; or {@code {status:
   * "bypass"}} when the cache is unavailable. {@link CacheClient} is the typed side of these.
   */
  public static final String GET = "wrench.cache.get";

  /** {@code {kind, org_id, id, value, version, lease?}} → {@code {stored}}. */
  public static final String PUT = "wrench.cache.put";

  /** {@code {kind, org_id, id, lease}} → {@code {}}: the loader failed; waiters read themselves. */
  public static final String RELEASE = "wrench.cache.release";

  /**
   * {@code {kind, org_id, id, version | null, deleted?}} → {@code {stored}}: after a committed
   * write, entries older than {@code version} are dead, on every instance. Never fails.
   */
  public static final String INVALIDATE = "wrench.cache.invalidate";

  /** Published {@code {key}}: every cache verticle drops its entry and waiting loads. */
  public static final String INVALIDATED = "wrench.cache.invalidated";

  /** {@code {}} → the cache's state for the readiness probe. */
  public static final String STATUS = "wrench.cache.status";

  /** One rate-limit decision in Redis (one Lua script, atomic). */
  public static final String RATE_LIMIT_TAKE = "wrench.cache.rate-limit.take";

  private static final Logger LOG = LoggerFactory.getLogger(CacheVerticle.class);
  private static final long STATUS_REUSE_MS = 1_000;

  /**
   * A load in flight for one key, and the misses waiting for it. Once loaded it stays, holding the
   * row, until the store has it: a read of the store that began before the row was stored and
   * answers "nothing" after the lease ended would otherwise load again.
   */
  private static final class Lease {
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

    Lease(long token, long deadline, long minVersion) {
      this.token = token;
      this.deadline = deadline;
      this.minVersion = minVersion;
    }
  }

  /**
   * How long a finished load keeps answering misses after the store has its row: a lookup sent to
   * Redis before the row was stored can come back after it (another pooled connection), still
   * seeing the tombstone; within this time it gets the loaded row instead of loading again.
   */
  private static final long LINGER_MS = 200;

  /** A miss waiting for a load; it accepts only a row of at least {@code minVersion}. */
  private record Waiter(Message<JsonObject> message, long minVersion) {}

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<String, Long> ttlMillis = new HashMap<>();
  private CacheStore store;
  private boolean enabled;
  private String prefix;
  private long leaseTimeoutMs;
  private long sweepTimer;
  private long tokens;
  private long lastStatusAt;
  private MeterRegistry meters;
  private Gauge breakerGauge;
  private final Map<String, Counter> requests = new HashMap<>();
  private Future<JsonObject> lastStatus;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    meters = Metrics.registry(config);
    enabled = config.getBoolean("enabled", true);
    prefix = config.getString("key_prefix", "wrench");
    leaseTimeoutMs = config.getLong("lease_timeout_ms", 2_000L);
    JsonObject ttl = config.getJsonObject("ttl_seconds", new JsonObject());
    for (CacheKind kind : CacheKind.values()) {
      ttlMillis.put(kind.wire(), ttl.getLong(kind.wire(), 300L) * 1000);
    }
    JsonObject redis = config.getJsonObject("redis");
    if (redis != null) {
      RedisStore redisStore = new RedisStore(vertx, redis, prefix + ":invalidations");
      // 0 closed, 1 half-open, 2 open: alert when it stays above 0.
      breakerGauge =
          Gauge.builder(
                  "wrench.circuit.breaker.state",
                  redisStore,
                  s ->
                      switch (s.breakerState()) {
                        case "OPEN" -> 2;
                        case "HALF_OPEN" -> 1;
                        default -> 0;
                      })
              .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
              .tag("name", "redis")
              .register(meters);
      redisStore.subscribe(this::invalidatedElsewhere);
      store = redisStore;
      // Redis is optional: say how it is, but start either way.
      store
          .ping()
          .onSuccess(v -> LOG.info("Redis answers at start-up"))
          .onFailure(
              e ->
                  LOG.warn(
                      "Redis does not answer at start-up ({}); serving without it until it does",
                      e.getMessage()));
    } else {
      store =
          new InProcessStore(
              config.getInteger("max_entries", 100_000),
              config.getLong("max_megabytes", 32L) * 1024 * 1024,
              System::currentTimeMillis);
      // Not local: with a clustered event bus, every node's cache hears it.
      consumers.add(
          vertx.eventBus().<JsonObject>consumer(CacheVerticle.INVALIDATED, this::published));
    }
    // One periodic sweep ends leases past their deadline or linger, instead of a timer set and
    // cancelled per miss: a miss is the common case of a cold cache.
    long sweepEvery = Math.max(10, Math.min(leaseTimeoutMs, LINGER_MS) / 4);
    sweepTimer = vertx.setPeriodic(sweepEvery, t -> sweepLeases());
    on(CacheVerticle.GET, this::get);
    on(CacheVerticle.PUT, this::put);
    on(CacheVerticle.RELEASE, this::release);
    on(CacheVerticle.INVALIDATE, this::invalidate);
    on(CacheVerticle.STATUS, this::status);
    if (redis != null) {
      on(CacheVerticle.RATE_LIMIT_TAKE, this::take);
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    if (breakerGauge != null) {
      meters.remove(breakerGauge);
    }
    return store == null ? Future.succeededFuture() : store.close();
  }

  private void on(String address, io.vertx.core.Handler<Message<JsonObject>> handler) {
    consumers.add(vertx.eventBus().localConsumer(address, handler));
  }

  /** {@code <prefix>:c:<kind>:<org>:<id>}: the organization is part of every key. */
  private String key(JsonObject body) {
    CacheKind kind = CacheKind.fromWire(body.getString("kind"));
    return prefix
        + ":c:"
        + kind.wire()
        + ":"
        + java.util.UUID.fromString(body.getString("org_id"))
        + ":"
        + java.util.UUID.fromString(body.getString("id"));
  }

  private long ttl(JsonObject body) {
    return ttlMillis.get(CacheKind.fromWire(body.getString("kind")).wire());
  }

  /** Tombstones outlive any lease, so that no load older than a write can slip in after it. */
  private long tombstoneTtl(JsonObject body) {
    return Math.max(ttl(body), 2 * leaseTimeoutMs);
  }

  private static JsonObject status(String status) {
    return new JsonObject().put("status", status);
  }

  private void get(Message<JsonObject> message) {
    if (!enabled) {
      message.reply(status("bypass"));
      return;
    }
    String key;
    String kind;
    try {
      key = key(message.body());
      kind = CacheKind.fromWire(message.body().getString("kind")).wire();
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    store
        .get(key)
        .onSuccess(
            stored -> {
              if (stored != null && !stored.tombstone()) {
                count(kind, "hit");
                message.reply(
                    status("hit").put("value", stored.json()).put("version", stored.version()));
              } else {
                count(kind, "miss");
                miss(message, key, stored == null ? 0 : stored.version());
              }
            })
        .onFailure(
            e -> {
              count(kind, "bypass");
              message.reply(status("bypass"));
            });
  }

  /** {@code wrench_cache_requests_total{kind, result}}: the hit ratio is hits / (hits + misses). */
  private void count(String kind, String result) {
    requests
        .computeIfAbsent(
            kind + "/" + result,
            k ->
                Counter.builder("wrench.cache.requests")
                    .description("Cache lookups of single rows by result (hit, miss, bypass)")
                    .tag("kind", kind)
                    .tag("result", result)
                    .register(meters))
        .increment();
  }

  private void miss(Message<JsonObject> message, String key, long minVersion) {
    Lease lease = leases.get(key);
    if (lease != null && lease.loaded != null) {
      answer(new Waiter(message, minVersion), lease.loaded, lease.loadedVersion);
      return;
    }
    if (lease != null) {
      lease.waiters.add(new Waiter(message, minVersion));
      return;
    }
    long token = ++tokens;
    leases.put(key, new Lease(token, now() + leaseTimeoutMs, minVersion));
    message.reply(status("miss").put("lease", token));
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /** Ends the loads past their deadline (waiters read for themselves) and the finished lingers. */
  private void sweepLeases() {
    long now = now();
    var entries = leases.values().iterator();
    while (entries.hasNext()) {
      Lease lease = entries.next();
      if (lease.loaded == null && now >= lease.deadline) {
        entries.remove();
        lease.waiters.forEach(waiter -> answer(waiter, null, -1));
        lease.waiters.clear();
      } else if (lease.loaded != null && now >= lease.lingerUntil) {
        entries.remove();
      }
    }
  }

  /**
   * Ends the lease {@code token} of {@code key} (any lease when null): waiters get {@code row}
   * (JSON text of {@code version}) when it is new enough for them, else read for themselves. With a
   * row, the lease stays (answering later misses the same way) until {@link #settle} once the store
   * has the row.
   */
  private Lease endLease(String key, Long token, String row, long version) {
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
      answer(waiter, row, version);
    }
    lease.waiters.clear();
    return row == null ? null : lease;
  }

  private void settle(String key, Lease lease) {
    // An invalidation meanwhile has removed it already (endLease); the sweep removes it otherwise.
    if (lease != null && leases.get(key) == lease) {
      lease.lingerUntil = now() + LINGER_MS;
    }
  }

  private static void answer(Waiter waiter, String row, long version) {
    if (row != null && version >= waiter.minVersion()) {
      waiter.message().reply(status("hit").put("value", row).put("version", version));
    } else {
      waiter.message().reply(status("miss"));
    }
  }

  private void put(Message<JsonObject> message) {
    JsonObject body = message.body();
    String key;
    String row;
    Long version;
    try {
      key = key(body);
      row = body.getString("value");
      version = body.getLong("version");
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    if (row == null || version == null) {
      message.fail(400, "a cached row needs its JSON text and its version");
      return;
    }
    Lease loaded = endLease(key, body.getLong("lease"), row, version);
    if (!enabled) {
      settle(key, loaded);
      message.reply(new JsonObject().put("stored", false));
      return;
    }
    store
        .put(key, version, row, ttl(body))
        .onComplete(
            stored -> {
              settle(key, loaded);
              message.reply(new JsonObject().put("stored", stored.succeeded() && stored.result()));
            });
  }

  private void release(Message<JsonObject> message) {
    try {
      endLease(key(message.body()), message.body().getLong("lease"), null, -1);
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    message.reply(new JsonObject());
  }

  private void invalidate(Message<JsonObject> message) {
    JsonObject body = message.body();
    String key;
    try {
      key = key(body);
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    Long version = body.getLong("version");
    long tombstone =
        body.getBoolean("deleted", false) || version == null ? Stored.DELETED : version;
    // Loads begun before the write must not answer anyone who asks after it.
    endLease(key, null, null, -1);
    store
        .invalidate(key, tombstone, tombstoneTtl(body))
        .onComplete(
            done -> {
              if (store instanceof InProcessStore) {
                vertx
                    .eventBus()
                    .publish(
                        CacheVerticle.INVALIDATED,
                        new JsonObject()
                            .put("key", key)
                            .put("version", tombstone)
                            .put("ttl_ms", tombstoneTtl(body))
                            .put("origin", deploymentID()));
              }
              message.reply(new JsonObject().put("stored", done.succeeded()));
            });
  }

  /**
   * A write changed a key (Redis channel, {@code "<tombstone version> <key>"}; this instance's own
   * writes come back too): loads here that may return an older row are stale. A load begun after
   * the tombstone was visible (its lease's minimum version is at least the tombstone's) is not, and
   * ending it would only make its waiters read PostgreSQL again.
   */
  private void invalidatedElsewhere(String message) {
    int space = message.indexOf(' ');
    long version;
    String key;
    try {
      version = space < 0 ? Long.MAX_VALUE : Long.parseLong(message.substring(0, space));
      key = space < 0 ? message : message.substring(space + 1);
    } catch (NumberFormatException e) {
      version = Long.MAX_VALUE;
      key = message;
    }
    Lease lease = leases.get(key);
    if (lease != null && lease.loaded == null && lease.minVersion >= version) {
      return;
    }
    endLease(key, null, null, -1);
  }

  /** Another cache verticle on the event bus changed a key: its tombstone goes here too. */
  private void published(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (deploymentID().equals(body.getString("origin"))) {
      return;
    }
    String key = body.getString("key");
    endLease(key, null, null, -1);
    store.invalidate(key, body.getLong("version"), body.getLong("ttl_ms"));
  }

  private void status(Message<JsonObject> message) {
    long now = System.currentTimeMillis();
    if (lastStatus == null || now - lastStatusAt >= STATUS_REUSE_MS) {
      lastStatusAt = now;
      lastStatus =
          store
              .ping()
              .map(v -> !"OPEN".equals(store.breakerState()))
              .otherwise(false)
              .map(
                  up ->
                      new JsonObject()
                          .put("backend", store.backend())
                          .put("state", !enabled ? "disabled" : up ? "up" : "degraded")
                          .put("breaker", store.breakerState()));
    }
    lastStatus.onSuccess(
        status ->
            message.reply(
                status
                    .copy()
                    .put("loads_in_flight", leases.size())
                    .put(
                        "waiting",
                        leases.values().stream().mapToInt(lease -> lease.waiters.size()).sum())));
  }

  private void take(Message<JsonObject> message) {
    JsonObject body = message.body();
    store
        .take(
            prefix + ":rl:" + body.getString("bucket"),
            body.getInteger("limit"),
            body.getLong("window_ms"))
        .onSuccess(decision -> message.reply(decision.toJson()))
        .onFailure(e -> message.fail(503, "redis unavailable: " + e.getMessage()));
  }
}
