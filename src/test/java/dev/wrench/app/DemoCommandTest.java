package dev.wrench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} on a database of its own: what it makes (every status, history, outbox, numbers),
 * that a second run changes nothing and prints the same log-ins, and that it leaves a database with
 * someone's data alone unless {@code --force}.
 */
class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void demoMakesAnOrganizationWithWorkOrdersInEveryStatusOnceOnly() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      Supplier<AppConfig> config = CommandRun.config(database, dir);
      CommandRun first = CommandRun.demo(config);
      assertThat(first.exitCode()).as(first.err()).isZero();
      for (String role : DemoOrganization.ROLES) {
        assertThat(first.out())
            .containsPattern("(?m)^  " + role + " +" + role + "@demo\\.wrench\\.local +\\S{24}$");
      }
      List<String> before = snapshot(database);
      assertThat(before.get(0)).isEqualTo("cancelled,completed,in_progress,on_hold,open");
      assertThat(before.get(1)).isEqualTo("300 work orders, numbers WO-000001..WO-000300");

      CommandRun second = CommandRun.demo(config);
      assertThat(second.exitCode()).isZero();
      assertThat(second.out()).contains("exists already");
      assertThat(logins(second.out())).isEqualTo(logins(first.out()));
      assertThat(snapshot(database)).isEqualTo(before);
    }
  }

  @Test
  void demoRefusesADatabaseWithOtherOrganizationsUnlessForced() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      Supplier<AppConfig> config = CommandRun.config(database, dir);
      CommandRun created =
          CommandRun.admin(
              config, "", "create-org", "--name", "Acme", "--admin-email", "boss@acme.test");
      assertThat(created.exitCode()).as(created.err()).isZero();

      CommandRun refused = CommandRun.demo(config);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("refused", "1 organizations besides the default one");
      assertThat(count(database, "SELECT count(*) FROM work_orders")).isZero();

      CommandRun forced = CommandRun.demo(config, "--force");
      assertThat(forced.exitCode()).as(forced.err()).isZero();
      assertThat(count(database, "SELECT count(*) FROM work_orders")).isEqualTo(300);
    }
  }

  @Test
  void demoHelpNamesItsOptionsAndExitCodes() {
    CommandRun help = CommandRun.demo(() -> null, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--force", "Exit codes");
    assertThat(CommandRun.demo(() -> null, "--bogus").exitCode()).isEqualTo(2);
  }

  private static List<String> logins(String output) {
    return output.lines().filter(line -> line.startsWith("  ")).toList();
  }

  /** What the demo made: statuses, numbers, history, outbox and the counts of everything. */
  private static List<String> snapshot(TestDatabase database) throws SQLException {
    List<String> facts = new ArrayList<>();
    facts.add(
        text(database, "SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM work_orders"));
    facts.add(
        text(
            database,
            "SELECT count(*) || ' work orders, numbers WO-' || lpad(min(number)::text, 6, '0')"
                + " || '..WO-' || lpad(max(number)::text, 6, '0') FROM work_orders"));
    // Every status change has its history entry and its event, as the API would write them.
    facts.add(
        text(
            database,
            "SELECT (SELECT count(*) FROM work_order_history WHERE field = 'status')"
                + " = (SELECT count(*) FROM work_order_events WHERE type LIKE '%status%')"));
    for (String table :
        List.of(
            "users",
            "sites",
            "technicians",
            "assets",
            "work_order_history",
            "work_order_events",
            "work_order_comments")) {
      facts.add(table + " " + count(database, "SELECT count(*) FROM " + table));
    }
    return facts;
  }

  private static long count(TestDatabase database, String sql) throws SQLException {
    return Long.parseLong(text(database, sql));
  }

  private static String text(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
