package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate}, {@code migrate info} and {@code migrate validate} through the packaged jar: the
 * migrations as a table, what was applied, and a non-zero exit when an applied migration is not the
 * jar's.
 */
class MigrateCommandIT {

  @TempDir Path workDir;

  private record Run(int exitCode, String output) {}

  private Run run(TestDatabase database, String... arguments) throws Exception {
    Files.deleteIfExists(workDir.resolve("service.log"));
    Process process =
        LocalHttp.startJar(
            workDir,
            k -> k.startsWith("DATABASE_") || k.startsWith("EMBEDDED_") || k.startsWith("LOG_"),
            Map.of("DATABASE_URL", database.url()),
            List.of(arguments));
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
      return new Run(process.exitValue(), Files.readString(workDir.resolve("service.log")));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void migrateListsAndValidatesTheMigrations() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      Run pending = run(database, "migrate", "info");
      assertThat(pending.exitCode()).isZero();
      assertThat(pending.output())
          .containsPattern("(?m)^Version +Description +State +Installed on$")
          .containsPattern("(?m)^1 +init +Pending$");

      Run applied = run(database, "migrate");
      assertThat(applied.exitCode()).isZero();
      assertThat(applied.output())
          .containsPattern("(?m)^1 +init +Success +\\d{4}-\\d\\d-\\d\\dT")
          .containsPattern("(?m)^Applied \\d+ migrations; the schema is at version \\d+$");

      Run valid = run(database, "migrate", "validate");
      assertThat(valid.exitCode()).isZero();
      assertThat(valid.output()).contains("Valid: the applied migrations are the jar's");

      try (Connection sql = database.connect();
          Statement tamper = sql.createStatement()) {
        tamper.executeUpdate("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");
      }
      Run invalid = run(database, "migrate", "validate");
      assertThat(invalid.exitCode()).isEqualTo(1);
      assertThat(invalid.output()).containsPattern("(?m)^Invalid: 1 init: .*[Cc]hecksum");
    }
  }
}
