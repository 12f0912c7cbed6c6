package dev.wrench.store;

import dev.wrench.bus.BusServer;
import dev.wrench.bus.SameLoop;
import dev.wrench.core.BusError;
import dev.wrench.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a PostgreSQL pool and serves, through the features' repositories, all the SQL: each feature
 * binds its bus contracts here ({@code Feature#store}). Deployed once per event loop, each instance
 * with a pool of its own. A pool shared by the instances hands a connection opened on one event
 * loop to a verticle on another, and every result then crosses threads; an instance's own pool
 * keeps the socket, the decoding and the reply on one event loop (the performance notes measured
 * 18.5k against 24–26k reads a second for the two shapes).
 *
 * <p>Each instance gets its {@link Settings}: {@code poolSize} connections, its pool named {@code
 * poolName} in the metrics; the {@code sweeper} instance also does the process's periodic work.
 */
public final class DatabaseVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseVerticle.class);

  /** {@code {}} → {@code {}} once the database answers: the readiness probe's ping. */
  public static final String PING = "wrench.db.ping";

  /**
   * Sent, locally and without a body, when a write that appended events to the outbox has
   * committed: the relay of this process publishes them now rather than at its next poll.
   */
  public static final String EVENTS_COMMITTED = "wrench.events.nudge";

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final long IDEMPOTENCY_SWEEP_MS = 3_600_000;

  /**
   * One instance's settings: where PostgreSQL is, the size and name of its pool, whether the
   * service acts as the row-security role, whether it is the one that does the periodic work, and
   * the name of the metrics registry ({@code null}: a private one, for a verticle deployed alone).
   */
  public record Settings(
      DatabaseSettings connection,
      int poolSize,
      String poolName,
      boolean rowSecurity,
      boolean sweeper,
      String metricsRegistry) {}

  private final Settings settings;

  /** Serves the features' contracts (each feature's {@code store}); the verticle knows none. */
  private final Consumer<StoreContext> features;

  private Pool pool;
  private StoreContext context;
  private List<MessageConsumer<JsonObject>> pings;

  public DatabaseVerticle(Settings settings, Consumer<StoreContext> features) {
    this.settings = settings;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    boolean rowSecurity = settings.rowSecurity();
    if (!rowSecurity) {
      LOG.warn(
          "Row-level security is switched off (database.row_security=false): the service relies on"
              + " its own WHERE org_id alone. Use this only to measure the wall's cost.");
    }
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(settings.poolSize()).setName(settings.poolName()))
            .connectingTo(RowSecurity.connectOptions(settings.connection(), rowSecurity))
            .using(vertx)
            .build();

    RowSecurity db = new RowSecurity(pool, rowSecurity);
    IdempotencyStore idempotency = new IdempotencyStore(db);
    context =
        new StoreContext(
            vertx,
            db,
            idempotency,
            settings.sweeper(),
            Metrics.registry(settings.metricsRegistry()),
            new BusServer.Outcomes() {
              @Override
              public void failed(String address, Message<JsonObject> message, Throwable failure) {
                fail(address, message, failure);
              }

              @Override
              public void eventsAppended() {
                vertx.eventBus().send(EVENTS_COMMITTED, null, LOCAL);
              }
            });
    // Also on this loop's own address: HTTP verticles check, as they start, that one answers there.
    pings =
        SameLoop.<JsonObject>localConsumers(
            vertx.eventBus(),
            PING,
            message ->
                pool.query("SELECT 1")
                    .execute()
                    .onSuccess(rows -> message.reply(new JsonObject()))
                    .onFailure(e -> fail(PING, message, e)));
    if (context.sweeper()) {
      context.every(
          IDEMPOTENCY_SWEEP_MS, "Sweeping expired idempotency keys", idempotency::expireOld);
    }
    features.accept(context);
    return Future.all(
        Future.all(pings.stream().map(MessageConsumer::completion).toList()), context.ready());
  }

  @Override
  public Future<?> stop() {
    if (pool == null) {
      return Future.succeededFuture();
    }
    // The features' own endings (a relay lease handed on) still need the pool.
    Future<?> stopped = context == null ? Future.succeededFuture() : context.stop();
    return stopped.eventually(() -> pool.close());
  }

  private static void fail(String address, Message<JsonObject> message, Throwable e) {
    BusError error = e instanceof BusError known ? known : PgErrors.toBusError(e);
    if (error == null) {
      // A fault of ours or of the database: logged here with its cause, shown to the client without
      // detail.
      LOG.error("{} failed", address, e);
      error =
          isConnectionFault(e)
              ? new BusError(
                  503, "service-unavailable", "the database is unavailable; retry shortly")
              : new BusError(500, "internal", "an internal error occurred");
    }
    message.fail(error.status(), error.toWire());
  }

  private static boolean isConnectionFault(Throwable e) {
    String name = e.getClass().getName();
    return e instanceof java.net.ConnectException
        || e instanceof java.io.IOException
        || name.contains("ClosedConnection")
        || name.contains("ConnectTimeout")
        || (e.getMessage() != null && e.getMessage().contains("Connection refused"));
  }
}
