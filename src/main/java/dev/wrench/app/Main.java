package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.config.ConfigException;
import dev.wrench.config.ConfigInput;
import dev.wrench.config.ConfigLoader;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.Migrations;
import dev.wrench.store.StartupProblem;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplication;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar wrench.jar [--config PATH] [serve|migrate
 * [apply|info|validate]|rotate-keys|admin ...|demo ...]}: loads and validates the configuration,
 * then serves (the default: through Vert.x's launcher, see {@link WrenchHooks}), only runs the
 * migrations, makes one step of a key rotation, or hands the rest of the line to the picocli
 * commands {@link AdminCommand} and {@link DemoCommand}.
 */
public final class Main {

  /**
   * The system property logback.xml reads for the console's stream: the {@code admin} and {@code
   * demo} commands set it to {@code System.err} before anything logs, so that their stdout holds
   * only their answer (a Secret manifest, a client secret, the demo log-ins), fit for a pipe.
   */
  static final String LOG_TARGET = "wrench.log.target";

  private static final String DEFAULT_CONFIG = "conf/config.yaml";

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = "serve";
    String configPath = System.getenv("WRENCH_CONFIG");
    if (configPath != null && configPath.isBlank()) {
      configPath = null;
    }
    // A file named explicitly must exist; the default one may be absent (the jar has the defaults).
    String explicitlyBy = configPath == null ? null : "WRENCH_CONFIG";
    String migrateAction = "apply";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          System.out.println(usage());
          return;
        }
        case "--version" -> {
          System.out.println("wrench " + WrenchVersion.of());
          return;
        }
        case "--config" -> {
          if (i + 1 == args.length) {
            exitWithUsage("--config needs a file");
          }
          configPath = args[++i];
          explicitlyBy = "--config";
        }
        case "serve", "rotate-keys" -> command = args[i];
        case "admin", "demo" -> {
          // The rest of the line is the command's own (picocli); --config comes before it.
          System.setProperty(LOG_TARGET, "System.err");
          System.exit(
              runCommand(
                  args[i],
                  Arrays.copyOfRange(args, i + 1, args.length),
                  configPath == null ? DEFAULT_CONFIG : configPath,
                  explicitlyBy));
          return;
        }
        case "migrate" -> {
          command = args[i];
          if (i + 1 < args.length && MIGRATE_ACTIONS.contains(args[i + 1])) {
            migrateAction = args[++i];
          }
        }
        default -> exitWithUsage("Unknown argument: " + args[i]);
      }
    }
    AppConfig config;
    JsonObject raw;
    String profile;
    try {
      ConfigInput input =
          ConfigLoader.load(
              configPath == null ? DEFAULT_CONFIG : configPath, explicitlyBy, System.getenv());
      raw = input.values();
      profile = input.profile().isEmpty() ? "none" : input.profile();
      config = AppConfig.load(input);
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
        int exitCode = migrate(config, migrateAction);
        if (exitCode != 0) {
          System.exit(exitCode);
        }
      } catch (StartupProblem problem) {
        log().error("Wrench cannot migrate: {}", problem.getMessage());
        System.exit(problem.exitCode());
      }
      return;
    }
    // serve: Vert.x's launcher starts Vert.x and deploys MainVerticle; the hooks build Vert.x from
    // the configuration (read and checked first, without Vert.x) and drain on SIGTERM. The
    // protected constructor keeps the launcher from exiting on its own: its exit codes (11: Vert.x
    // did not start, 15: the deployment failed) become 1, the code a failed start has always had.
    log().info("Configuration checked: profile {}", profile);
    WrenchHooks hooks = new WrenchHooks(config, raw, System::exit);
    int exitCode = new VertxApplication(hooks.launcherArguments(), hooks, false, false) {}.launch();
    if (exitCode != 0) {
      System.exit(1);
    }
  }

  /**
   * {@code admin} or {@code demo}: their exit code. The configuration is read only when a command
   * needs it, so that {@code --help} works whatever the configuration.
   */
  private static int runCommand(
      String command, String[] arguments, String configPath, String explicitlyBy) {
    Supplier<AppConfig> config =
        () -> AppConfig.load(ConfigLoader.load(configPath, explicitlyBy, System.getenv()));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Object picocliCommand =
        command.equals("demo")
            ? new DemoCommand(config, out, err)
            : new AdminCommand(config, System.in, out, err);
    return CommandLines.execute(picocliCommand, arguments, out, err);
  }

  /** Not a static field: logging starts only once {@link #LOG_TARGET} is decided. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  private static void exitWithUsage(String problem) {
    System.err.println(problem + "\n" + usage());
    System.exit(2);
  }

  private static final Set<String> MIGRATE_ACTIONS = Set.of("apply", "info", "validate");

  /**
   * {@code migrate [apply|info|validate]} on the configured database (the embedded one when no URL
   * is set): the exit code (validate: 1 when the applied migrations disagree with the jar's).
   */
  private static int migrate(AppConfig config, String action) throws Exception {
    DatabaseDeployment.Provisioned database =
        DatabaseDeployment.reach(config.database(), () -> false);
    try {
      return migrate(database.settings(), config.database().connectTimeoutSeconds(), action);
    } finally {
      if (database.embedded() != null) {
        database.embedded().close();
      }
    }
  }

  private static int migrate(DatabaseSettings settings, int timeoutSeconds, String action) {
    switch (action) {
      case "info" ->
          System.out.print(MigrationTable.format(Migrations.info(settings, timeoutSeconds)));
      case "validate" -> {
        List<String> problems = Migrations.validate(settings, timeoutSeconds);
        if (!problems.isEmpty()) {
          problems.forEach(problem -> System.out.println("Invalid: " + problem));
          return 1;
        }
        System.out.println(
            "Valid: the applied migrations are the jar's (" + settings.describe() + ")");
      }
      default -> {
        Migrations.Outcome outcome = Migrations.run(settings, timeoutSeconds);
        System.out.print(MigrationTable.format(Migrations.info(settings, timeoutSeconds)));
        System.out.println(
            "Applied "
                + outcome.applied()
                + (outcome.applied() == 1 ? " migration" : " migrations")
                + "; the schema is at version "
                + outcome.schemaVersion());
      }
    }
    return 0;
  }

  private static String usage() {
    return """
        Usage: java -jar wrench.jar [--config PATH] [serve|migrate [ACTION]|rotate-keys|admin …|demo …]
                                    [--help] [--version]
          serve     start the service (the default)
          migrate [apply|info|validate]
                    apply the database migrations (the default), list them with their
                    state, or check that those applied are the jar's (exit 1 if not)
          rotate-keys  one step of a signing key rotation (stage a next key, or promote it)
          admin     organizations, users, platform admins, OAuth clients, API keys, the
                    signing keys as a Kubernetes Secret (admin --help)
          demo      a demo organization with sites, assets, technicians and work orders,
                    and its log-ins (demo --help)
          --config  the YAML configuration file (default conf/config.yaml, or $WRENCH_CONFIG);
                    a file named so must exist
        Environment variables override the file (a secret one may come from <VARIABLE>_FILE);
        WRENCH_PROFILE=dev|prod adds conf/config-<profile>.yaml. See docs/configuration.md.""";
  }
}
