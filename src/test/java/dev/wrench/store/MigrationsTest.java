package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate info} and {@code migrate validate} against a real PostgreSQL: every migration of
 * the jar is listed, pending then applied; validation agrees after a run and names a migration
 * whose applied checksum differs from the jar's.
 */
class MigrationsTest {

  @Test
  void infoListsEveryMigrationAndValidateFindsAChangedOne() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      DatabaseSettings settings = database.settings();
      List<Migrations.Step> before = Migrations.info(settings, 5);
      assertThat(before)
          .isNotEmpty()
          .allSatisfy(step -> assertThat(step.state()).isEqualTo("Pending"));
      assertThat(before.get(0).version()).isEqualTo("1");
      assertThat(Migrations.validate(settings, 5)).as("pending migrations are no fault").isEmpty();

      Migrations.Outcome outcome = Migrations.run(settings, 5);
      assertThat(outcome.applied()).isEqualTo(before.size());
      List<Migrations.Step> after = Migrations.info(settings, 5);
      assertThat(after).hasSameSizeAs(before);
      assertThat(after)
          .allSatisfy(
              step -> {
                assertThat(step.state()).isEqualTo("Success");
                assertThat(step.installedOn())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
              });
      assertThat(Migrations.validate(settings, 5)).isEmpty();

      try (Connection sql = database.connect();
          Statement tamper = sql.createStatement()) {
        tamper.executeUpdate("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");
      }
      assertThat(Migrations.validate(settings, 5))
          .singleElement()
          .asString()
          .startsWith("1 ")
          .containsIgnoringCase("checksum");
    }
  }
}
