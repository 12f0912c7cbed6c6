package dev.wrench.app;

import dev.wrench.bus.BusClient;
import dev.wrench.core.BusError;
import dev.wrench.http.AuditRecording;
import dev.wrench.store.DatabaseVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database as the {@code admin} and {@code demo} commands use it: reached and migrated exactly
 * as {@code serve} does ({@link DatabaseDeployment#provision}: the embedded one when no URL is
 * set), then served by one database verticle with every feature's repositories, so that a command
 * writes through the same bus contracts, transactions, row security, history and outbox as the API.
 * No HTTP, no sweepers, no relay: the server publishes the outbox when it next runs.
 */
final class CommandDatabase implements AutoCloseable {

  private static final long CALL_TIMEOUT_SECONDS = 120;

  private final Vertx vertx;
  private final DatabaseDeployment.Provisioned database;
  private final DeliveryOptions delivery =
      new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));

  private CommandDatabase(Vertx vertx, DatabaseDeployment.Provisioned database) {
    this.vertx = vertx;
    this.database = database;
  }

  /** Blocking: the database reached, migrated and served; close it to stop all of that. */
  static CommandDatabase open(AppConfig config) throws Exception {
    DatabaseDeployment.Provisioned database =
        DatabaseDeployment.provision(config.database(), () -> false);
    CommandDatabase opened = new CommandDatabase(Vertx.vertx(), database);
    try {
      DatabaseVerticle.Settings settings =
          new DatabaseVerticle.Settings(
              database.settings(),
              2,
              "wrench-command-pg",
              config.database().rowSecurity(),
              false,
              null);
      opened.await(
          opened.vertx.deployVerticle(
              new DatabaseVerticle(
                  settings, store -> Features.all(config).forEach(f -> f.store(store)))));
    } catch (Exception e) {
      opened.close();
      throw e;
    }
    return opened;
  }

  /** The caller's side of a bus contract, served by this command's database verticle. */
  <T> T service(Class<T> contract) {
    return BusClient.of(vertx.eventBus(), contract, delivery);
  }

  /**
   * Blocking: records in the audit log that an operator did {@code action} to {@code target} of
   * organization {@code orgId}, as the API records its own (no actor: no user did it).
   */
  void audit(String orgId, String action, String targetType, String targetId) throws Exception {
    await(
        service(AuditRecording.class)
            .record(
                new JsonObject()
                    .put("org_id", orgId)
                    .put("action", action)
                    .put("outcome", "success")
                    .put("subject", "admin command")
                    .put("target_type", targetType)
                    .put("target_id", targetId)
                    .put("details", new JsonObject().put("via", "java -jar wrench.jar admin"))));
  }

  /**
   * Blocking, on the command's own thread (never an event loop): the future's value, or its
   * failure, a refusal of the store arriving as the {@link BusError} it was.
   */
  <T> T await(Future<T> future) throws Exception {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ReplyException reply && BusError.fromReply(reply) != null) {
        throw BusError.fromReply(reply);
      }
      throw cause instanceof Exception exception ? exception : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the database did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      if (database.embedded() != null) {
        database.embedded().close();
      }
    }
  }
}
