package dev.wrench.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Row counts and a hash of every row of every table (Flyway's history aside): two equal
 * fingerprints mean that nothing was inserted, changed or deleted in between.
 */
final class DatabaseFingerprint implements AutoCloseable {

  private final Connection connection;
  private final String query;

  DatabaseFingerprint(Connection connection) throws SQLException {
    this.connection = connection;
    List<String> parts = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
      while (tables.next()) {
        String table = tables.getString(1);
        parts.add(
            "SELECT '"
                + table
                + "' || ':' || count(*) || ':' || coalesce(md5(string_agg(md5(t::text), ','"
                + " ORDER BY md5(t::text))), '') FROM \""
                + table
                + "\" t");
      }
    }
    this.query = String.join(" UNION ALL ", parts);
  }

  String take() {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      StringBuilder print = new StringBuilder();
      while (rows.next()) {
        print.append(rows.getString(1)).append('\n');
      }
      return print.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
