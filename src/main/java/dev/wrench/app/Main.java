package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.config.ConfigInput;
import dev.wrench.config.ConfigLoader;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.Migrations;
import dev.wrench.store.StartupProblem;
import io.vertx.launcher.application.VertxApplication;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar wrench.jar [--config PATH] [serve|migrate
 * [apply|info|validate]|rotate-keys|admin ...|demo ...]}: loads and validates the configuration,
 * then serves (the default: through Vert.x's launcher, see {@link WrenchHooks}), only runs the
 * migrations, makes one step of a key rotation, or runs {@link AdminCommand} or {@link
 * DemoCommand}. The line is read by picocli; the exit codes are {@link CommandLines}'.
 */
@Command(
    name = "java -jar wrench.jar",
    mixinStandardHelpOptions = true,
    versionProvider = WrenchVersion.class,
    description = "The Wrench work order service; without a command it serves.",
    footer = {
      "",
      "Environment variables override the file (a secret one may come from <VARIABLE>_FILE);"
          + " WRENCH_PROFILE=dev|prod adds conf/config-<profile>.yaml. See docs/configuration.md.",
      "",
      "Exit codes: 0 done, 1 failed, 2 usage or configuration error (docs/admin-cli.md)."
    })
public final class Main implements Callable<Integer> {

  /**
   * The system property logback.xml reads for the console's stream: the {@code admin} and {@code
   * demo} commands set it to {@code System.err} before anything logs, so that their stdout holds
   * only their answer (a Secret manifest, a client secret, the demo log-ins), fit for a pipe.
   */
  static final String LOG_TARGET = "wrench.log.target";

  private static final String DEFAULT_CONFIG = "conf/config.yaml";

  /** The actions of {@code migrate} (given in lower case: picocli matches them in any case). */
  enum MigrateAction {
    APPLY,
    INFO,
    VALIDATE
  }

  @Option(
      names = "--config",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description =
          "The YAML configuration file (default conf/config.yaml, or $WRENCH_CONFIG); a file"
              + " named so must exist.")
  String configFile;

  // Set once serve has started the server: the process then lives on after main returns.
  private boolean serving;

  private Main() {}

  public static void main(String[] args) {
    boolean command = args.length > 0 && List.of("admin", "demo").contains(firstCommand(args));
    if (command) {
      System.setProperty(LOG_TARGET, "System.err");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Main main = new Main();
    CommandLine line = new CommandLine(main);
    line.addSubcommand(new AdminCommand(main::configuration, System.in, out, err));
    line.addSubcommand(new DemoCommand(main::configuration, out, err));
    int exitCode = CommandLines.execute(line, args, out, err);
    if (!main.serving) {
      System.exit(exitCode);
    }
  }

  /** The first argument that is no option nor the value of --config: the command, if any. */
  private static String firstCommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return args[i];
      }
    }
    return "";
  }

  /** Without a command: serve. */
  @Override
  public Integer call() {
    return serve();
  }

  /** The configuration as given: {@code --config}, else {@code WRENCH_CONFIG}, else the default. */
  ConfigInput input() {
    // A file named explicitly must exist; the default one may be absent (the jar has the defaults).
    if (configFile != null) {
      return ConfigLoader.load(configFile, "--config", System.getenv());
    }
    String byVariable = System.getenv("WRENCH_CONFIG");
    if (byVariable != null && !byVariable.isBlank()) {
      return ConfigLoader.load(byVariable, "WRENCH_CONFIG", System.getenv());
    }
    return ConfigLoader.load(DEFAULT_CONFIG, null, System.getenv());
  }

  /** The configuration, checked; a {@link dev.wrench.config.ConfigException} names each problem. */
  AppConfig configuration() {
    return AppConfig.load(input());
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Start the service (the default).")
  int serve() {
    ConfigInput input = input();
    AppConfig config = AppConfig.load(input);
    // Vert.x's launcher starts Vert.x and deploys MainVerticle; the hooks build Vert.x from the
    // configuration (read and checked first, without Vert.x) and drain on SIGTERM. The protected
    // constructor keeps the launcher from exiting on its own: its exit codes (11: Vert.x did not
    // start, 15: the deployment failed) become 1, the code a failed start has always had.
    log()
        .info(
            "Configuration checked: profile {}",
            input.profile().isEmpty() ? "none" : input.profile());
    WrenchHooks hooks = new WrenchHooks(config, input.values(), System::exit);
    int exitCode = new VertxApplication(hooks.launcherArguments(), hooks, false, false) {}.launch();
    if (exitCode != 0) {
      return CommandLines.FAILED;
    }
    serving = true;
    return 0;
  }

  @Command(
      name = "rotate-keys",
      mixinStandardHelpOptions = true,
      description = "One step of a signing key rotation (stage a next key, or promote it).")
  int rotateKeys() throws Exception {
    System.out.println(SigningKeys.rotate(Path.of(configuration().auth().keyDir())));
    return 0;
  }

  /**
   * {@code migrate [apply|info|validate]} on the configured database (the embedded one when no URL
   * is set): the exit code (validate: 1 when the applied migrations disagree with the jar's).
   */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Apply the database migrations (the default), list them with their state, or check"
              + " that those applied are the jar's (exit 1 if not).")
  int migrate(
      @Parameters(
              arity = "0..1",
              defaultValue = "APPLY",
              paramLabel = "ACTION",
              description = "apply, info or validate")
          MigrateAction action)
      throws Exception {
    AppConfig config = configuration();
    try {
      DatabaseDeployment.Provisioned database =
          DatabaseDeployment.reach(config.database(), () -> false);
      try {
        return migrate(database.settings(), config.database().connectTimeoutSeconds(), action);
      } finally {
        if (database.embedded() != null) {
          database.embedded().close();
        }
      }
    } catch (StartupProblem problem) {
      log().error("Wrench cannot migrate: {}", problem.getMessage());
      return problem.exitCode();
    }
  }

  private static int migrate(DatabaseSettings settings, int timeoutSeconds, MigrateAction action) {
    switch (action) {
      case INFO ->
          System.out.print(MigrationTable.format(Migrations.info(settings, timeoutSeconds)));
      case VALIDATE -> {
        List<String> problems = Migrations.validate(settings, timeoutSeconds);
        if (!problems.isEmpty()) {
          problems.forEach(problem -> System.out.println("Invalid: " + problem));
          return CommandLines.FAILED;
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

  /** Not a static field: logging starts only once {@link #LOG_TARGET} is decided. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }
}
