package dev.wrench.config;

import io.vertx.core.json.JsonObject;

/**
 * {@code database}: PostgreSQL at {@code url}, or the embedded one (in {@code embeddedDataDir} on
 * {@code embeddedPort}, 0 for a free one; fsync and synchronous commits on while {@code
 * embeddedDurable}) while the URL is empty. {@code poolSize} is this instance's total, shared by
 * its database verticles; {@code backlogRefreshSeconds}: how often the backlog gauges are counted
 * again; {@code connectTimeoutSeconds}: how long start-up waits for the database to answer.
 */
public record DatabaseConfig(
    String url,
    int poolSize,
    int instances,
    String embeddedDataDir,
    int embeddedPort,
    boolean embeddedDurable,
    int backlogRefreshSeconds,
    boolean rowSecurity,
    int connectTimeoutSeconds) {

  /** From the checked {@code database} subtree. */
  public static DatabaseConfig from(JsonObject database) {
    JsonObject embedded = database.getJsonObject("embedded");
    return new DatabaseConfig(
        database.getString("url"),
        database.getInteger("pool_size"),
        database.getInteger("instances"),
        embedded.getString("data_dir"),
        embedded.getInteger("port"),
        embedded.getBoolean("durable"),
        database.getInteger("backlog_refresh_seconds"),
        database.getBoolean("row_security"),
        database.getInteger("connect_timeout_seconds"));
  }

  public boolean embedded() {
    return url.isBlank();
  }

  /** Never the URL's password. */
  @Override
  public String toString() {
    return "DatabaseConfig["
        + (embedded() ? "embedded " + embeddedDataDir + ":" + embeddedPort : "url set")
        + ", pool "
        + poolSize
        + ", instances "
        + instances
        + "]";
  }
}
