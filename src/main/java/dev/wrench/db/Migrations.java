package dev.wrench.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Flyway over JDBC, from {@code db/migration} (packaged into the jar). Blocking. */
public final class Migrations {

  private Migrations() {}

  public static MigrateResult run(DatabaseSettings settings) {
    return Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations("classpath:db/migration")
        .connectRetries(10)
        .load()
        .migrate();
  }
}
