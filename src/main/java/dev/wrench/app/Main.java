package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.config.ConfigException;
import dev.wrench.config.ConfigLoader;
import dev.wrench.config.DatabaseConfig;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.DatabaseWait;
import dev.wrench.store.EmbeddedDatabase;
import dev.wrench.store.Migrations;
import dev.wrench.store.StartupProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar wrench.jar [serve|migrate|rotate-keys] [--config PATH]}: loads and validates the
 * configuration, then serves (the default: through Vert.x's launcher, see {@link WrenchHooks}),
 * only runs the migrations, or makes one step of a key rotation.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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
      try {
        migrateOnly(config);
      } catch (StartupProblem problem) {
        LOG.error("Wrench cannot migrate: {}", problem.getMessage());
        System.exit(problem.exitCode());
      }
      return;
    }
    // serve: Vert.x's launcher starts Vert.x and deploys MainVerticle; the hooks build Vert.x from
    // the configuration (read first, with a short-lived plain Vert.x) and drain on SIGTERM. The
    // protected constructor keeps the launcher from exiting on its own: its exit codes (11: Vert.x
    // did not start, 15: the deployment failed) become 1, the code a failed start has always had.
    WrenchHooks hooks = new WrenchHooks(config, raw, System::exit);
    int exitCode = new VertxApplication(hooks.launcherArguments(), hooks, false, false) {}.launch();
    if (exitCode != 0) {
      System.exit(1);
    }
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
    DatabaseConfig database = config.database();
    if (database.embedded()) {
      try (EmbeddedDatabase db =
          EmbeddedDatabase.start(
              Path.of(database.embeddedDataDir()),
              database.embeddedPort(),
              database.embeddedDurable())) {
        LOG.info("Migrations done: {}", Migrations.run(db.settings()));
      }
    } else {
      DatabaseSettings settings = DatabaseSettings.fromUrl(database.url());
      DatabaseWait.untilReachable(
          settings, Duration.ofSeconds(database.connectTimeoutSeconds()), () -> false);
      LOG.info("Migrations done: {}", Migrations.run(settings, database.connectTimeoutSeconds()));
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
