package dev.wrench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.store.Migrations;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTableTest {

  @Test
  void columnsLineUpUnderTheirHeaders() {
    String table =
        MigrationTable.format(
            List.of(
                new Migrations.Step("1", "init", "Success", "2026-12-07T10:00:00Z"),
                new Migrations.Step("12", "work order search", "Pending", "")));
    assertThat(table)
        .isEqualTo(
            """
            Version  Description        State    Installed on
            -------  -----------------  -------  --------------------
            1        init               Success  2026-12-07T10:00:00Z
            12       work order search  Pending
            """);
  }

  @Test
  void anEmptyListSaysSo() {
    assertThat(MigrationTable.format(List.of())).endsWith("(no migrations)\n");
  }
}
