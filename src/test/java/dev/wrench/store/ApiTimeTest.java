package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.TestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code api_time} (V35) writes a timestamp exactly as the service does ({@link Rows#format}): the
 * "created" event's work order is built in SQL and must equal the API's JSON of it.
 */
class ApiTimeTest {

  private static TestDatabase database;

  @BeforeAll
  static void migrate() {
    database = TestDatabase.create();
    Migrations.run(database.settings());
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  @Test
  void formatsLikeTheService() throws Exception {
    List<OffsetDateTime> times = new ArrayList<>();
    // Whole seconds, fractions with trailing zeros, one microsecond, around midnight and epochs.
    for (String fixed :
        List.of(
            "2026-11-26T09:55:00Z",
            "2026-11-26T09:55:00.1Z",
            "2026-11-26T09:55:00.12Z",
            "2026-11-26T09:55:00.120300Z",
            "2026-11-26T09:55:00.000001Z",
            "2026-11-26T23:59:59.999999Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:00:00.5+02:00",
            "2099-12-31T23:59:59-05:00")) {
      times.add(OffsetDateTime.parse(fixed));
    }
    SplittableRandom random = new SplittableRandom(42);
    long from = Instant.parse("1971-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2199-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 5_000; i++) {
      long micros = random.nextInt(4) == 0 ? 0 : random.nextLong(1_000_000);
      times.add(
          OffsetDateTime.ofInstant(
              Instant.ofEpochSecond(random.nextLong(from, to), micros * 1_000), ZoneOffset.UTC));
    }
    List<String> expected = times.stream().map(Rows::format).toList();

    List<String> actual = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT api_time(t::timestamptz) FROM unnest(?::text[]) WITH ORDINALITY AS u(t, n)"
                    + " ORDER BY n")) {
      Array input =
          connection.createArrayOf(
              "text", times.stream().map(OffsetDateTime::toString).toArray(String[]::new));
      query.setArray(1, input);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          actual.add(rows.getString(1));
        }
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  /**
   * The create statement calls both functions: each must be inlined (V75), or PostgreSQL parses and
   * plans its body again in every statement that calls it. EXPLAIN VERBOSE shows an inlined
   * function as its expression; one it runs by itself appears by name.
   */
  @Test
  void theHotPathFunctionsAreInlinedAndKeepNullForNull() throws Exception {
    try (Connection connection = database.connect();
        java.sql.Statement statement = connection.createStatement()) {
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows =
          statement.executeQuery(
              "EXPLAIN VERBOSE SELECT api_time(t), format_wo_number(n)"
                  + " FROM (VALUES (now(), 42::bigint)) AS v(t, n)")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      assertThat(plan.toString()).doesNotContain("api_time(").doesNotContain("format_wo_number(");
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT api_time(NULL), format_wo_number(NULL), format_wo_number(42),"
                  + " format_wo_number(12345678)")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isNull();
        assertThat(rows.getString(2)).isNull();
        assertThat(rows.getString(3)).isEqualTo("WO-000042");
        assertThat(rows.getString(4)).isEqualTo("WO-12345678");
      }
    }
  }
}
