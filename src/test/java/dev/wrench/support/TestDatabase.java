package dev.wrench.support;

import dev.wrench.store.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own for each test class, on the PostgreSQL server of this machine ({@code
 * WRENCH_TEST_PG}, default {@code 127.0.0.1:5432}, user postgres, trust auth), created and dropped
 * by the test, so that runs never collide. Where no server answers there, one embedded PostgreSQL
 * is started for the whole test JVM instead, so the suite runs on a machine with nothing installed.
 */
public final class TestDatabase implements AutoCloseable {

  private static final String SERVER = resolveServer();
  private static final String ADMIN_URL = "jdbc:postgresql://" + SERVER + "/postgres";

  private static String resolveServer() {
    String configured = System.getenv().getOrDefault("WRENCH_TEST_PG", "127.0.0.1:5432");
    try (Connection ignored =
        DriverManager.getConnection(
            "jdbc:postgresql://" + configured + "/postgres", "postgres", "")) {
      return configured;
    } catch (SQLException unreachable) {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        embedded.close();
                      } catch (java.io.IOException e) {
                        // the process is ending anyway
                      }
                    }));
        System.err.println(
            "No PostgreSQL at "
                + configured
                + " ("
                + unreachable.getMessage()
                + "): the tests use an embedded PostgreSQL on port "
                + embedded.getPort());
        return "127.0.0.1:" + embedded.getPort();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "No PostgreSQL at " + configured + " and the embedded one failed", e);
      }
    }
  }

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

  /** How the service would connect to this database (as the superuser, without TLS). */
  public DatabaseSettings settings() {
    URI uri = URI.create(url());
    return new DatabaseSettings(
        uri.getHost(), uri.getPort(), uri.getPath().substring(1), "postgres", "", false);
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
      throw new IllegalStateException(
          "Cannot run '" + sql + "' on " + SERVER + ": " + e.getMessage(), e);
    }
  }
}
