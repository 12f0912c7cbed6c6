package dev.wrench.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/** Flyway over JDBC, from {@code db/migration} (packaged into the jar). Blocking. */
public final class Migrations {

  private Migrations() {}

  /** What a run did, for the start-up log. */
  public record Outcome(int applied, String schemaVersion) {}

  public static Outcome run(DatabaseSettings settings) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
            .locations("classpath:db/migration")
            .connectRetries(10)
            .load();
    int applied = flyway.migrate().migrationsExecuted;
    MigrationInfo current = flyway.info().current();
    return new Outcome(applied, current == null ? "none" : current.getVersion().toString());
  }
}
