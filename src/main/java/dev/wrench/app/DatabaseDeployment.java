package dev.wrench.app;

import dev.wrench.config.DatabaseConfig;
import dev.wrench.feature.Feature;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.DatabaseVerticle;
import dev.wrench.store.DatabaseWait;
import dev.wrench.store.EmbeddedDatabase;
import dev.wrench.store.Migrations;
import dev.wrench.store.StartupProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: the embedded PostgreSQL when no URL is set, the migrations, then the database
 * verticles (a pool each, the instance's connections split among them).
 */
final class DatabaseDeployment {

  // Part of the start-up story: logged as MainVerticle, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  /** Where the database is, and the embedded one to stop with Wrench (null for a URL). */
  record Provisioned(DatabaseSettings settings, EmbeddedDatabase embedded) {}

  private DatabaseDeployment() {}

  /**
   * Blocking: starts the embedded database when needed, or waits for the one at the URL (up to
   * {@code database.connect_timeout_seconds}, giving up early when {@code abandoned} says so), and
   * runs the migrations. Failures that the operator can act on are {@link StartupProblem}s.
   */
  static Provisioned provision(DatabaseConfig database, BooleanSupplier abandoned)
      throws Exception {
    Provisioned provisioned = reach(database, abandoned);
    DatabaseSettings settings = provisioned.settings();
    LOG.info("Database: {}; running migrations", settings.describe());
    try {
      Migrations.Outcome outcome = Migrations.run(settings, database.connectTimeoutSeconds());
      LOG.info(
          "Migrations done: {} applied, schema at version {}",
          outcome.applied(),
          outcome.schemaVersion());
    } catch (Exception e) {
      if (provisioned.embedded() != null) {
        provisioned.embedded().close();
      }
      throw e;
    }
    return provisioned;
  }

  /**
   * Blocking: the database to use, answering: the embedded one started (when no URL is set), or the
   * one at the URL once it answers. Serving and the {@code migrate} commands both start here.
   */
  static Provisioned reach(DatabaseConfig database, BooleanSupplier abandoned) throws IOException {
    if (database.embedded()) {
      LOG.info(
          "DATABASE_URL is not set: starting the embedded PostgreSQL in {} ({})",
          database.embeddedDataDir(),
          database.embeddedDurable()
              ? "durable"
              : "not durable: database.embedded.durable=false, a crash may lose data");
      EmbeddedDatabase embedded =
          EmbeddedDatabase.start(
              Path.of(database.embeddedDataDir()),
              database.embeddedPort(),
              database.embeddedDurable());
      return new Provisioned(embedded.settings(), embedded);
    }
    DatabaseSettings settings = DatabaseSettings.fromUrl(database.url());
    LOG.info(
        "Database: {}; waiting up to {} s for it to answer",
        settings.describe(),
        database.connectTimeoutSeconds());
    DatabaseWait.untilReachable(
        settings, Duration.ofSeconds(database.connectTimeoutSeconds()), abandoned);
    return new Provisioned(settings, null);
  }

  /**
   * One instance sweeps expired idempotency keys; the rest only serve. Each has its own pool, named
   * apart so that the pool metrics of /metrics are per pool. The deployments' ids, to stop them
   * last at shutdown.
   */
  static Future<List<String>> deploy(
      Vertx vertx,
      DatabaseConfig database,
      DatabaseSettings settings,
      String registry,
      List<Feature> features) {
    int instances = EventLoops.instances(database.instances());
    // database.pool_size is the instance's total: each database verticle gets its share.
    int perInstance = Math.max(1, (database.poolSize() + instances - 1) / instances);
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      DatabaseVerticle.Settings instance =
          new DatabaseVerticle.Settings(
              settings, perInstance, "wrench-pg-" + i, database.rowSecurity(), i == 0, registry);
      deployed.add(
          vertx.deployVerticle(
              new DatabaseVerticle(instance, store -> features.forEach(f -> f.store(store)))));
    }
    return Future.all(deployed).map(all -> deployed.stream().map(Future::result).toList());
  }
}
