package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.config.ConfigException;
import dev.wrench.config.ConfigLoader;
import dev.wrench.metrics.Metrics;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.EmbeddedDatabase;
import dev.wrench.store.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar wrench.jar [serve|migrate] [--config PATH]}: loads and validates the
 * configuration, then serves (the default) or only runs the migrations.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String METRICS_REGISTRY = "wrench";

  /** After the grace period: undeploying the rest and closing pools. */
  private static final long CLOSE_BUDGET_MS = 15_000;

  /** Joining the cluster (Hazelcast finds its members) or starting a standalone Vert.x. */
  private static final long CLUSTER_JOIN_BUDGET_MS = 120_000;

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = "serve";
    String configPath = System.getenv().getOrDefault("WRENCH_CONFIG", "conf/config.yaml");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          System.out.println(usage());
          return;
        }
        case "--version" -> {
          System.out.println("wrench " + version());
          return;
        }
        case "--config" -> configPath = args[++i];
        case "serve", "migrate", "rotate-keys" -> command = args[i];
        default -> {
          System.err.println("Unknown argument: " + args[i] + "\n" + usage());
          System.exit(2);
        }
      }
    }
    AppConfig config;
    JsonObject raw;
    try {
      raw = loadConfig(configPath);
      config = AppConfig.load(raw);
    } catch (ConfigException e) {
      e.problems().forEach(problem -> System.err.println("Invalid configuration: " + problem));
      System.exit(2);
      return;
    }
    if (command.equals("rotate-keys")) {
      System.out.println(SigningKeys.rotate(Path.of(config.auth().keyDir())));
      return;
    }
    if (command.equals("migrate")) {
      migrateOnly(config);
      return;
    }
    // The configuration decides how Vert.x is built (clustered, traced), so it is read first with
    // a short-lived plain Vert.x, and the one that serves is built from it.
    LOG.info(
        "Starting Vert.x: {}; tracing {}",
        config.cluster().describe(),
        config.tracing().enabled()
            ? "on (OpenTelemetry, exporter from the OTEL_* variables)"
            : "off (tracing.enabled=false)");
    WrenchVertx runtime;
    try {
      runtime =
          await(
              WrenchVertx.start(config.cluster(), config.tracing(), METRICS_REGISTRY),
              CLUSTER_JOIN_BUDGET_MS);
    } catch (Exception e) {
      LOG.error("Wrench failed to start Vert.x: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Vertx vertx = runtime.vertx();
    JsonObject deployConfig = raw.copy().put(Metrics.REGISTRY_KEY, METRICS_REGISTRY);
    MainVerticle main = new MainVerticle();
    vertx
        .deployVerticle(main, new DeploymentOptions().setConfig(deployConfig))
        .onFailure(
            e -> {
              LOG.error("Wrench failed to start: {}", e.getMessage(), e);
              runtime.close().onComplete(done -> System.exit(1));
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM: drain (not ready, then finish requests in flight), then stop the rest.
                  long budgetMs =
                      config.http().drainDelayMs()
                          + config.http().shutdownGraceSeconds() * 1000L
                          + CLOSE_BUDGET_MS;
                  try {
                    main.drain()
                        .recover(e -> Future.succeededFuture())
                        .compose(v -> runtime.close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(budgetMs, TimeUnit.MILLISECONDS);
                    LOG.info("Wrench stopped");
                  } catch (Exception e) {
                    LOG.warn("Shutdown did not finish cleanly: {}", e.getMessage());
                  }
                },
                "wrench-shutdown"));
  }

  private static JsonObject loadConfig(String configPath) throws Exception {
    Vertx loader = Vertx.vertx();
    try {
      return await(ConfigLoader.load(loader, configPath), 30_000);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ConfigException invalid) {
        throw invalid;
      }
      throw e;
    } finally {
      await(loader.close(), 10_000);
    }
  }

  private static <T> T await(Future<T> future, long timeoutMs) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static void migrateOnly(AppConfig config) throws Exception {
    if (config.database().embedded()) {
      try (EmbeddedDatabase db =
          EmbeddedDatabase.start(
              Path.of(config.database().embeddedDataDir()), config.database().embeddedPort())) {
        LOG.info("Migrations done: {}", Migrations.run(db.settings()));
      }
    } else {
      LOG.info(
          "Migrations done: {}", Migrations.run(DatabaseSettings.fromUrl(config.database().url())));
    }
  }

  private static String usage() {
    return """
        Usage: java -jar wrench.jar [serve|migrate|rotate-keys] [--config PATH] [--help] [--version]
          serve     start the service (the default)
          migrate   apply the database migrations and exit
          rotate-keys  one step of a signing key rotation (stage a next key, or promote it)
          --config  the YAML configuration file (default conf/config.yaml, or $WRENCH_CONFIG)
        Environment variables override the file; see README.md.""";
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
