package dev.wrench.cache;

import dev.wrench.bus.SameLoop;
import dev.wrench.config.CacheConfig;
import dev.wrench.config.RedisConfig;
import dev.wrench.metrics.BreakerGauges;
import dev.wrench.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns Redis (or, without it, the in-process cache) and answers the {@code wrench.cache.*}
 * addresses below: cache-aside reads of single work orders, assets and technicians, their
 * invalidation by writes, and the shared rate-limit windows. It answers the lookups itself and
 * hands the rest to its collaborators, all on its event loop but the shared {@link Leases} (loads
 * in flight and their waiters), {@link Invalidations}, {@link CacheReadiness} and {@link
 * RateLimitWindows}.
 *
 * <p>Deployed once per event loop ({@link #perEventLoop}): a handler's lookups go to the instance
 * on its own loop ({@link SameLoop}), never to another thread. The instances share the store
 * (Redis, or one in-process store) and the loads in flight ({@link Leases}), so that the process
 * behaves as one cache: concurrent misses of a key on two loops cause one database read, and a row
 * stored through one loop is a hit, or a wait for its load, on the other.
 *
 * <p>Stampede protection: the first miss of a key gets a lease and loads the row; misses of the
 * same key that arrive meanwhile wait for its {@link #PUT} (or {@link #RELEASE}, or the lease's
 * timeout), so concurrent misses cause one database read per process. A waiter that saw a tombstone
 * newer than the loaded row (a write committed after the load began) is not given it and reads for
 * itself.
 *
 * <p>Entries carry the row's version. A write leaves a tombstone of its version before its response
 * is sent, and a put never replaces a newer version or tombstone: a load that began before a write
 * cannot cache the old row after it, and a client never reads its own write stale. The invalidation
 * reaches every instance: Redis is shared, and its channel tells every cache verticle to drop the
 * loads in flight for the key (without Redis: a publish on {@link #INVALIDATED}).
 *
 * <p>Its settings are {@code cache} and {@code redis} (Redis when its URL is set, else the
 * in-process store).
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

  private final CacheConfig cache;
  private final RedisConfig redis;
  private final String metricsRegistry;
  // What the instances of one process share: the in-process store (null with Redis) and the loads
  // in flight; both null for an instance deployed alone, which makes its own at start.
  private final InProcessStore sharedStore;
  private final Leases sharedLeases;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Map<String, Counter> requests = new HashMap<>();
  private CacheStore store;
  private CacheKeys keys;
  private Leases leases;
  private boolean enabled;
  private long sweepTimer;
  private MeterRegistry meters;
  private Runnable breakerGauge;

  /** {@code metricsRegistry}: the registry of /metrics (null: a private one). */
  public CacheVerticle(CacheConfig cache, RedisConfig redis, String metricsRegistry) {
    this(cache, redis, metricsRegistry, null, null);
  }

  private CacheVerticle(
      CacheConfig cache,
      RedisConfig redis,
      String metricsRegistry,
      InProcessStore sharedStore,
      Leases sharedLeases) {
    this.cache = cache;
    this.redis = redis;
    this.metricsRegistry = metricsRegistry;
    this.sharedStore = sharedStore;
    this.sharedLeases = sharedLeases;
  }

  /**
   * The instances of one process, one per event loop. They share the loads in flight and, without
   * Redis, one in-process store (bounded as configured, for the whole process), so that a tombstone
   * written on one loop is seen on every loop before the write's response.
   */
  public static Supplier<CacheVerticle> perEventLoop(
      CacheConfig cache, RedisConfig redis, String metricsRegistry) {
    InProcessStore store = redis.configured() ? null : inProcess(cache);
    Leases leases = new Leases(new CacheKeys(cache, redis.keyPrefix()).leaseTimeoutMs());
    return () -> new CacheVerticle(cache, redis, metricsRegistry, store, leases);
  }

  private static InProcessStore inProcess(CacheConfig cache) {
    return new InProcessStore(
        cache.maxEntries(), cache.maxMegabytes() * 1024L * 1024, System::currentTimeMillis);
  }

  @Override
  public Future<?> start() {
    meters = Metrics.registry(metricsRegistry);
    enabled = cache.enabled();
    keys = new CacheKeys(cache, redis.keyPrefix());
    leases = sharedLeases != null ? sharedLeases : new Leases(keys.leaseTimeoutMs());
    if (redis.configured()) {
      store = new RedisStore(vertx, redis, keys.prefix() + ":invalidations");
    } else {
      store = sharedStore != null ? sharedStore : inProcess(cache);
    }
    // The instances of one deployment share store and leases: they skip each other's publishes.
    Invalidations invalidations =
        new Invalidations(store, keys, leases, vertx.eventBus(), deploymentID());
    if (store instanceof RedisStore redisStore) {
      // wrench_circuit_breaker_state{name="redis"}: alert when it stays above 0.
      breakerGauge = BreakerGauges.track(meters, redisStore.breaker());
      redisStore.subscribe(invalidations::fromRedis);
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
      // Not local: with a clustered event bus, every node's cache hears it.
      consumers.add(
          vertx
              .eventBus()
              .<JsonObject>consumer(CacheVerticle.INVALIDATED, invalidations::published));
    }
    sweepTimer = vertx.setPeriodic(leases.sweepEveryMs(), t -> leases.sweep());
    on(CacheVerticle.GET, this::get);
    on(CacheVerticle.PUT, this::put);
    on(CacheVerticle.RELEASE, this::release);
    on(CacheVerticle.INVALIDATE, invalidations::invalidate);
    on(CacheVerticle.STATUS, new CacheReadiness(store, enabled, leases)::status);
    if (redis.configured()) {
      on(CacheVerticle.RATE_LIMIT_TAKE, new RateLimitWindows(store, keys)::take);
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    if (breakerGauge != null) {
      breakerGauge.run();
    }
    // A shared store outlives each instance; it goes with the process.
    return store == null || store == sharedStore ? Future.succeededFuture() : store.close();
  }

  private void on(String address, io.vertx.core.Handler<Message<JsonObject>> handler) {
    consumers.addAll(SameLoop.localConsumers(vertx.eventBus(), address, handler));
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
      key = keys.of(message.body());
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
                leases.miss(message, key, stored == null ? 0 : stored.version());
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

  private void put(Message<JsonObject> message) {
    JsonObject body = message.body();
    String key;
    String row;
    Long version;
    try {
      key = keys.of(body);
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
    Leases.Lease loaded = leases.end(key, body.getLong("lease"), row, version);
    if (!enabled) {
      leases.settle(key, loaded);
      message.reply(new JsonObject().put("stored", false));
      return;
    }
    store
        .put(key, version, row, keys.ttl(body))
        .onComplete(
            stored -> {
              leases.settle(key, loaded);
              message.reply(new JsonObject().put("stored", stored.succeeded() && stored.result()));
            });
  }

  private void release(Message<JsonObject> message) {
    try {
      leases.end(keys.of(message.body()), message.body().getLong("lease"), null, -1);
    } catch (RuntimeException e) {
      message.fail(400, "malformed cache request");
      return;
    }
    message.reply(new JsonObject());
  }
}
