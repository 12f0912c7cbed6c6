package dev.wrench;

import dev.wrench.auth.SigningKeys;
import dev.wrench.config.ConfigException;
import dev.wrench.config.ConfigLoader;
import dev.wrench.config.WrenchConfig;
import dev.wrench.db.DatabaseSettings;
import dev.wrench.db.EmbeddedDatabase;
import dev.wrench.db.Migrations;
import dev.wrench.metrics.Metrics;
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
    Vertx vertx = Metrics.newVertx(METRICS_REGISTRY);
    WrenchConfig config;
    JsonObject raw;
    try {
      raw =
          ConfigLoader.load(vertx, configPath)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      config = WrenchConfig.from(raw);
    } catch (ConfigException e) {
      e.problems().forEach(problem -> System.err.println("Invalid configuration: " + problem));
      vertx.close();
      System.exit(2);
      return;
    }
    if (command.equals("rotate-keys")) {
      System.out.println(SigningKeys.rotate(Path.of(config.auth().keyDir())));
      vertx.close();
      return;
    }
    if (command.equals("migrate")) {
      migrateOnly(config);
      vertx.close();
      return;
    }
    JsonObject deployConfig = raw.copy().put(Metrics.REGISTRY_KEY, METRICS_REGISTRY);
    MainVerticle main = new MainVerticle();
    vertx
        .deployVerticle(main, new DeploymentOptions().setConfig(deployConfig))
        .onFailure(
            e -> {
              LOG.error("Wrench failed to start: {}", e.getMessage(), e);
              vertx.close().onComplete(done -> System.exit(1));
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
                        .compose(v -> vertx.close())
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

  private static void migrateOnly(WrenchConfig config) throws Exception {
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
