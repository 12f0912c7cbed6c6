package dev.wrench.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

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
    Flyway flyway =
        Flyway.configure()
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
    int applied = flyway.migrate().migrationsExecuted;
    MigrationInfo current = flyway.info().current();
    return new Outcome(applied, current == null ? "none" : current.getVersion().toString());
  }
}
