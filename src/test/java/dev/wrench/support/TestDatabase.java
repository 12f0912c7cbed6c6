package dev.wrench.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own for each test class, on the PostgreSQL server of this machine
 * ({@code WRENCH_TEST_PG}, default {@code 127.0.0.1:5432}, user postgres), created and dropped
 * by the test, so that runs never collide.
 */
public final class TestDatabase implements AutoCloseable {

  private static final String SERVER = System.getenv().getOrDefault("WRENCH_TEST_PG", "127.0.0.1:5432");
  private static final String ADMIN_URL = "jdbc:postgresql://" + SERVER + "/postgres";

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create() {
    String name = "wrench_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  public String name() {
    return name;
  }

  public String url() {
    return "postgresql://postgres@" + SERVER + "/" + name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + SERVER + "/" + name;
  }

  /** Runs SQL in this database as the superuser: for checks that the API cannot make. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run '" + sql + "' on " + SERVER + ": " + e.getMessage(), e);
    }
  }
}
