package dev.wrench.store;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/** Flyway over JDBC, from {@code db/migration} (packaged into the jar). Blocking. */
public final class Migrations {

  private Migrations() {}

  /** What a run did, for the start-up log. */
  public record Outcome(int applied, String schemaVersion) {}

  public static Outcome run(DatabaseSettings settings) {
    return run(settings, 30);
  }

  /**
   * Runs the migrations; a connection that does not answer within {@code connectTimeoutSeconds}
   * fails at once. No retries: start-up waits for the database first ({@link DatabaseWait}).
   */
  public static Outcome run(DatabaseSettings settings, int connectTimeoutSeconds) {
    Flyway flyway = flyway(settings, connectTimeoutSeconds);
    int applied = flyway.migrate().migrationsExecuted;
    MigrationInfo current = flyway.info().current();
    return new Outcome(applied, current == null ? "none" : current.getVersion().toString());
  }

  /** One migration as {@code migrate info} lists it. */
  public record Step(String version, String description, String state, String installedOn) {}

  /** Every migration, applied or pending, in order: {@code migrate info}. Changes nothing. */
  public static List<Step> info(DatabaseSettings settings, int connectTimeoutSeconds) {
    List<Step> steps = new ArrayList<>();
    for (MigrationInfo migration : flyway(settings, connectTimeoutSeconds).info().all()) {
      steps.add(
          new Step(
              migration.getVersion() == null ? "" : migration.getVersion().toString(),
              migration.getDescription(),
              migration.getState().getDisplayName(),
              migration.getInstalledOn() == null
                  ? ""
                  : migration
                      .getInstalledOn()
                      .toInstant()
                      .truncatedTo(ChronoUnit.SECONDS)
                      .toString()));
    }
    return steps;
  }

  /**
   * What is wrong between the migrations in the jar and those applied (a changed checksum, one
   * applied that the jar lacks...): {@code migrate validate}; empty when they agree. Pending
   * migrations are not a fault. Changes nothing.
   */
  public static List<String> validate(DatabaseSettings settings, int connectTimeoutSeconds) {
    ValidateResult result =
        Flyway.configure()
            .configuration(flyway(settings, connectTimeoutSeconds).getConfiguration())
            .ignoreMigrationPatterns("*:pending")
            .load()
            .validateWithResult();
    List<String> problems = new ArrayList<>();
    for (ValidateOutput invalid : result.invalidMigrations) {
      problems.add(
          (invalid.version == null || invalid.version.isEmpty() ? "" : invalid.version + " ")
              + invalid.description
              + ": "
              + invalid.errorDetails.errorMessage);
    }
    if (problems.isEmpty() && !result.validationSuccessful && result.errorDetails != null) {
      problems.add(result.errorDetails.errorMessage);
    }
    return problems;
  }

  private static Flyway flyway(DatabaseSettings settings, int connectTimeoutSeconds) {
    return Flyway.configure()
        .dataSource(
            settings.jdbcUrl()
                + "?connectTimeout="
                + connectTimeoutSeconds
                + "&loginTimeout="
                + connectTimeoutSeconds,
            settings.user(),
            settings.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load();
  }
}
