package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/database-schema.md} is what the migrations make: the migrations are applied to a new
 * database, its catalog is written out as Markdown (tables, columns, constraints, indexes, row
 * security, triggers), and the document must be exactly that. After changing a migration, write it
 * again with {@code mvn test -Dtest=DatabaseSchemaDocTest -Dwrench.schemaDoc.write=true}.
 */
class DatabaseSchemaDocTest {

  private static final Path DOCUMENT = Path.of("docs", "database-schema.md");

  @Test
  void theSchemaDocumentIsWhatTheMigrationsMake() throws Exception {
    String rendered;
    try (TestDatabase database = TestDatabase.create()) {
      Migrations.Outcome outcome = Migrations.run(database.settings(), 10);
      try (Connection sql = database.connect()) {
        rendered = render(sql, outcome.schemaVersion());
      }
    }
    if (Boolean.getBoolean("wrench.schemaDoc.write")) {
      Files.writeString(DOCUMENT, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(DOCUMENT) ? Files.readString(DOCUMENT) : "")
        .as(
            "docs/database-schema.md is out of date with db/migration: run mvn test"
                + " -Dtest=DatabaseSchemaDocTest -Dwrench.schemaDoc.write=true")
        .isEqualTo(rendered);
  }

  private static String render(Connection sql, String version) throws SQLException {
    StringBuilder doc = new StringBuilder();
    doc.append("# Database schema\n\n")
        .append("Generated from `db/migration` (schema version ")
        .append(version)
        .append(") by `DatabaseSchemaDocTest`, which fails when this file and the migrations")
        .append(" disagree.\nDo not edit it by hand: after changing a migration, run\n")
        .append("`mvn test -Dtest=DatabaseSchemaDocTest -Dwrench.schemaDoc.write=true`.\n");
    for (String table :
        strings(
            sql,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                + " AND c.relname <> 'flyway_schema_history' ORDER BY c.relname")) {
      doc.append("\n## `").append(table).append("`\n\n");
      doc.append("| Column | Type | Null | Default |\n|---|---|---|---|\n");
      for (List<String> column :
          rows(
              sql,
              "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                  + " CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END,"
                  + " coalesce(pg_get_expr(d.adbin, d.adrelid), '')"
                  + " FROM pg_attribute a LEFT JOIN pg_attrdef d"
                  + " ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                  + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                  + " ORDER BY a.attnum",
              table)) {
        doc.append("| `")
            .append(column.get(0))
            .append("` | ")
            .append(column.get(1))
            .append(" | ")
            .append(column.get(2))
            .append(" | ")
            .append(column.get(3).isEmpty() ? "" : "`" + cell(column.get(3)) + "`")
            .append(" |\n");
      }
      section(
          doc,
          "Constraints",
          rows(
              sql,
              "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                  + " WHERE conrelid = ?::regclass ORDER BY conname",
              table));
      section(
          doc,
          "Indexes",
          rows(
              sql,
              "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                  + " AND tablename = ? ORDER BY indexname",
              table));
      section(
          doc,
          "Row security policies",
          rows(
              sql,
              "SELECT policyname, cmd || ' TO ' || array_to_string(roles, ', ')"
                  + " || coalesce(' USING (' || qual || ')', '')"
                  + " || coalesce(' WITH CHECK (' || with_check || ')', '')"
                  + " FROM pg_policies WHERE schemaname = 'public' AND tablename = ?"
                  + " ORDER BY policyname",
              table));
      section(
          doc,
          "Triggers",
          rows(
              sql,
              "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                  + " WHERE tgrelid = ?::regclass AND NOT tgisinternal ORDER BY tgname",
              table));
      List<String> security =
          strings(
              sql,
              "SELECT CASE WHEN relrowsecurity THEN 'enabled' ELSE 'off' END"
                  + " || CASE WHEN relforcerowsecurity THEN ', forced' ELSE '' END"
                  + " FROM pg_class WHERE oid = ?::regclass",
              table);
      doc.append("\nRow-level security: ").append(security.get(0)).append(".\n");
    }
    return doc.toString();
  }

  private static void section(StringBuilder doc, String title, List<List<String>> items) {
    if (items.isEmpty()) {
      return;
    }
    doc.append("\n").append(title).append(":\n\n");
    for (List<String> item : items) {
      doc.append("- `").append(item.get(0)).append("`: `").append(cell(item.get(1))).append("`\n");
    }
  }

  /** One line, without the characters that would end a Markdown cell or code span. */
  private static String cell(String text) {
    return text.replaceAll("\\s+", " ").replace("|", "\\|").replace("`", "'");
  }

  private static List<String> strings(Connection sql, String query, String... parameters)
      throws SQLException {
    return rows(sql, query, parameters).stream().map(row -> row.get(0)).toList();
  }

  private static List<List<String>> rows(Connection sql, String query, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = sql.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        List<List<String>> rows = new ArrayList<>();
        while (result.next()) {
          List<String> row = new ArrayList<>();
          for (int c = 1; c <= columns; c++) {
            row.add(String.valueOf(result.getString(c)));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }
}
