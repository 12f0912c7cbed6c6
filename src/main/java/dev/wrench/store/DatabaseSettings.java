package dev.wrench.store;

import io.vertx.pgclient.PgConnectOptions;

/** Where the database is, in the two forms Wrench needs: reactive (the pool) and JDBC (Flyway). */
public record DatabaseSettings(
    String host, int port, String database, String user, String password, boolean embedded) {

  public static DatabaseSettings fromUrl(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new DatabaseSettings(
        options.getHost(),
        options.getPort(),
        options.getDatabase(),
        options.getUser(),
        options.getPassword(),
        false);
  }

  public static boolean isValidUrl(String url) {
    if (!(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      return false;
    }
    try {
      PgConnectOptions.fromUri(url);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .addProperty("application_name", "wrench")
        // Without the statement cache throughput halves (see performance notes).
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        // Full-text searches stay out of the statement cache: a cached statement lets PostgreSQL
        // switch to a generic plan that ignores the search term and walks the whole table
        // (4.5 s for a term that matches nothing at 1M rows, bench/RESULTS.md); uncached, each
        // search is planned for its own term (under 2 ms).
        .setPreparedStatementCacheSqlFilter(sql -> !sql.contains("websearch_to_tsquery"))
        .setPipeliningLimit(16);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** For logs: never the password. */
  public String describe() {
    return (embedded ? "embedded PostgreSQL" : "PostgreSQL")
        + " at "
        + host
        + ":"
        + port
        + "/"
        + database;
  }
}
