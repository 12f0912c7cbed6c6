package dev.wrench.app;

import dev.wrench.store.Migrations;
import java.util.ArrayList;
import java.util.List;

/** The migrations as a text table, for {@code migrate} and {@code migrate info}. */
final class MigrationTable {

  private static final List<String> HEADER =
      List.of("Version", "Description", "State", "Installed on");

  private MigrationTable() {}

  static String format(List<Migrations.Step> steps) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Migrations.Step step : steps) {
      rows.add(List.of(step.version(), step.description(), step.state(), step.installedOn()));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      line(table, rows.get(r), widths);
      if (r == 0) {
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
          rule.add("-".repeat(width));
        }
        line(table, rule, widths);
      }
    }
    if (steps.isEmpty()) {
      table.append("(no migrations)\n");
    }
    return table.toString();
  }

  private static void line(StringBuilder table, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
    }
    table.append(line.toString().stripTrailing()).append('\n');
  }
}
