package dev.wrench.cache;

import dev.wrench.config.RedisConfig;
import dev.wrench.ratelimit.RateLimitDecision;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache and the shared rate limits in Redis. Every call goes through the circuit breaker {@code
 * redis} with a timeout, so that a slow or lost Redis costs a request at most one timeout until the
 * breaker opens, and nothing once it is open. Writes that need several steps are Lua scripts,
 * atomic in Redis. Used only from the cache verticle's event loop.
 *
 * <p>An invalidation that cannot reach Redis is kept (key → version) and written before the next
 * read, so that a row changed while Redis was away is not served stale once it is back.
 */
final class RedisStore implements CacheStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

  /** Most invalidations kept while Redis is unreachable; older ones then rely on their TTL. */
  private static final int MAX_PENDING = 100_000;

  private static final int FLUSH_CHUNK = 64;

  /** KEYS[1] the entry; ARGV: version, encoded row, TTL ms. Refuses to replace a newer state. */
  static final String PUT_SCRIPT =
      """
      local current = redis.call('GET', KEYS[1])
      if current then
        local stored = tonumber(string.match(current, '^%d+'))
        local tombstone = string.find(current, ' ', 1, true) == nil
        local candidate = tonumber(ARGV[1])
        if (tombstone and candidate < stored) or ((not tombstone) and candidate <= stored) then
          return 0
        end
      end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1
      """;

  /**
   * KEYS[1] the entry; ARGV: version, TTL ms, channel. Leaves a tombstone no lower than what is
   * stored and tells every instance.
   */
  static final String INVALIDATE_SCRIPT =
      """
      local version = tonumber(ARGV[1])
      local current = redis.call('GET', KEYS[1])
      if current then
        local stored = tonumber(string.match(current, '^%d+'))
        if stored > version then version = stored end
      end
      redis.call('SET', KEYS[1], string.format('%d', version), 'PX', ARGV[2])
      redis.call('PUBLISH', ARGV[3], string.format('%d', version) .. ' ' .. KEYS[1])
      return version
      """;

  /**
   * KEYS[1] the bucket (a sorted set of admitted request times); ARGV: limit, window ms, a unique
   * member. An exact sliding window on Redis's clock, so that instances with skewed clocks agree.
   * Returns {allowed, remaining, ms until the oldest counted request leaves the window}.
   */
  static final String TAKE_SCRIPT =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      local limit = tonumber(ARGV[1])
      local window = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
      local count = redis.call('ZCARD', KEYS[1])
      local allowed = 0
      if count < limit then
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        count = count + 1
        allowed = 1
      end
      redis.call('PEXPIRE', KEYS[1], window)
      local reset = window
      local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      if oldest[2] then reset = tonumber(oldest[2]) + window - now end
      return {allowed, limit - count, reset}
      """;

  /** An invalidation Redis has not seen yet. */
  private record Pending(long version, long ttlMillis) {
    Pending merge(Pending other) {
      return new Pending(Math.max(version, other.version), Math.max(ttlMillis, other.ttlMillis));
    }
  }

  /** A script and the SHA-1 Redis knows it by, once loaded. */
  private static final class Script {
    private final String source;
    private String sha;

    Script(String source) {
      this.source = source;
    }
  }

  private final Vertx vertx;
  private final Redis redis;
  private final RedisAPI api;
  private final CircuitBreaker breaker;
  private final String channel;
  private final long resubscribeMillis;
  private final Script put = new Script(PUT_SCRIPT);
  private final Script invalidate = new Script(INVALIDATE_SCRIPT);
  private final Script take = new Script(TAKE_SCRIPT);
  private final String member = UUID.randomUUID().toString();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private long sequence;
  private Future<Void> flushing;
  private RedisConnection subscriber;
  private Handler<String> onInvalidation;
  private long resubscribeTimer = -1;
  private boolean closed;

  /** {@code channel}: where invalidations are published. */
  RedisStore(Vertx vertx, RedisConfig config, String channel) {
    this.vertx = vertx;
    this.channel = channel;
    int poolSize = config.poolSize();
    long timeout = config.timeoutMs();
    this.resubscribeMillis = config.breakerResetMs();
    RedisOptions options =
        new RedisOptions()
            .setConnectionString(config.url())
            .setMaxPoolSize(poolSize)
            // One caller per in-flight command: the queue must hold a burst of every connection.
            .setMaxPoolWaiting(Math.max(1_024, poolSize * 64))
            .setMaxWaitingHandlers(4_096)
            .setPoolName("wrench-redis");
    options.getNetClientOptions().setConnectTimeout((int) Math.max(timeout, 100));
    this.redis = Redis.createClient(vertx, options);
    this.api = RedisAPI.api(redis);
    this.breaker =
        CircuitBreaker.create(
                "redis",
                vertx,
                new CircuitBreakerOptions()
                    .setTimeout(timeout)
                    .setMaxFailures(config.breakerMaxFailures())
                    .setResetTimeout(resubscribeMillis)
                    // No metrics stream on the bus: it would cost every call.
                    .setNotificationAddress(null))
            .openHandler(
                v ->
                    LOG.warn(
                        "Redis circuit breaker open: Redis is down or slow; reads go to"
                            + " PostgreSQL, rate limits are per instance"))
            .halfOpenHandler(v -> LOG.info("Redis circuit breaker half-open: trying Redis again"))
            .closeHandler(v -> LOG.info("Redis circuit breaker closed: Redis answers again"));
  }

  private <T> Future<T> guarded(Supplier<Future<T>> call) {
    return breaker.execute(call);
  }

  @Override
  public Future<Stored> get(String key) {
    return flushPending()
        .compose(v -> guarded(() -> api.get(key)))
        .map(value -> value == null ? null : Stored.decode(value.toString()));
  }

  @Override
  public Future<Boolean> put(String key, long version, String json, long ttlMillis) {
    String encoded = new Stored(version, json).encode();
    return guarded(() -> eval(put, key, Long.toString(version), encoded, Long.toString(ttlMillis)))
        .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Long> invalidate(String key, long version, long ttlMillis) {
    return writeTombstone(key, version, ttlMillis)
        .recover(
            e -> {
              keepPending(key, version, ttlMillis);
              return Future.failedFuture(e);
            });
  }

  private Future<Long> writeTombstone(String key, long version, long ttlMillis) {
    return guarded(
            () -> eval(invalidate, key, Long.toString(version), Long.toString(ttlMillis), channel))
        .map(Response::toLong);
  }

  private void keepPending(String key, long version, long ttlMillis) {
    pending.merge(key, new Pending(version, ttlMillis), Pending::merge);
    if (pending.size() > MAX_PENDING) {
      String oldest = pending.keySet().iterator().next();
      pending.remove(oldest);
      LOG.error(
          "More than {} writes while Redis was unreachable: the invalidation of {} is dropped; its"
              + " entry may be stale until it expires",
          MAX_PENDING,
          oldest);
    }
  }

  /** Writes the kept invalidations, a chunk at a time; reads wait for it. */
  private Future<Void> flushPending() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    if (flushing != null) {
      return flushing;
    }
    List<Map.Entry<String, Pending>> chunk = new ArrayList<>();
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      chunk.add(Map.entry(entry.getKey(), entry.getValue()));
      if (chunk.size() == FLUSH_CHUNK) {
        break;
      }
    }
    // Assigned before anything can complete: with the breaker open, the writes fail at once.
    Promise<Void> done = Promise.promise();
    flushing = done.future();
    Future.all(
            chunk.stream()
                .map(
                    e ->
                        writeTombstone(
                            e.getKey(), e.getValue().version(), e.getValue().ttlMillis()))
                .toList())
        .onComplete(
            written -> {
              flushing = null;
              if (written.failed()) {
                done.fail(written.cause());
                return;
              }
              // Unless a newer one was kept meanwhile.
              chunk.forEach(e -> pending.remove(e.getKey(), e.getValue()));
              LOG.info("Wrote {} invalidations kept while Redis was unreachable", chunk.size());
              flushPending().onComplete(done);
            });
    return done.future();
  }

  @Override
  public Future<RateLimitDecision> take(String bucket, int limit, long windowMillis) {
    String unique = member + ":" + sequence++;
    return guarded(
            () -> eval(take, bucket, Integer.toString(limit), Long.toString(windowMillis), unique))
        .map(
            reply ->
                new RateLimitDecision(
                    reply.get(0).toInteger() == 1,
                    limit,
                    reply.get(1).toInteger(),
                    reply.get(2).toLong()));
  }

  @Override
  public Future<Void> ping() {
    return flushPending().compose(v -> guarded(() -> api.ping(List.of()))).mapEmpty();
  }

  @Override
  public String backend() {
    return "redis";
  }

  /** The breaker every Redis call goes through (its state is a gauge on /metrics). */
  CircuitBreaker breaker() {
    return breaker;
  }

  @Override
  public String breakerState() {
    return breaker.state().name();
  }

  /** Runs a script by its SHA-1, loading it first when Redis does not know it (a restart). */
  private Future<Response> eval(Script script, String key, String... args) {
    List<String> evalArgs = new ArrayList<>(args.length + 3);
    evalArgs.add(script.sha);
    evalArgs.add("1");
    evalArgs.add(key);
    evalArgs.addAll(List.of(args));
    if (script.sha == null) {
      return load(script).compose(sha -> evalSha(sha, evalArgs));
    }
    return evalSha(script.sha, evalArgs)
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                    ? load(script).compose(sha -> evalSha(sha, evalArgs))
                    : Future.failedFuture(e));
  }

  private Future<Response> evalSha(String sha, List<String> args) {
    args.set(0, sha);
    return api.evalsha(args);
  }

  private Future<String> load(Script script) {
    return api.script(List.of("LOAD", script.source))
        .map(
            reply -> {
              script.sha = reply.toString();
              return script.sha;
            });
  }

  /**
   * Listens to the invalidation channel on a connection of its own, reconnecting after a loss:
   * every instance hears every invalidation, as {@code "<tombstone version> <key>"}.
   */
  void subscribe(Handler<String> handler) {
    this.onInvalidation = handler;
    connectSubscriber();
  }

  private void connectSubscriber() {
    resubscribeTimer = -1;
    if (closed) {
      return;
    }
    guarded(redis::connect)
        .compose(
            conn -> {
              if (closed) {
                return conn.close().<RedisConnection>mapEmpty();
              }
              subscriber = conn;
              conn.handler(this::onMessage);
              conn.exceptionHandler(e -> lostSubscriber(conn));
              conn.endHandler(v -> lostSubscriber(conn));
              return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).map(conn);
            })
        .onFailure(e -> lostSubscriber(subscriber));
  }

  private void onMessage(Response message) {
    if (message.size() == 3
        && "message".equals(message.get(0).toString())
        && channel.equals(message.get(1).toString())) {
      onInvalidation.handle(message.get(2).toString());
    }
  }

  private void lostSubscriber(RedisConnection conn) {
    if (conn != null && conn == subscriber) {
      subscriber = null;
      conn.close();
    }
    if (!closed && resubscribeTimer < 0) {
      resubscribeTimer = vertx.setTimer(resubscribeMillis, t -> connectSubscriber());
    }
  }

  @Override
  public Future<Void> close() {
    closed = true;
    if (resubscribeTimer >= 0) {
      vertx.cancelTimer(resubscribeTimer);
    }
    breaker.close();
    Future<Void> unsubscribed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return unsubscribed.eventually(redis::close);
  }
}
