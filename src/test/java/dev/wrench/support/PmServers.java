package dev.wrench.support;

import dev.wrench.app.Features;
import dev.wrench.app.MainVerticle;
import dev.wrench.http.Contract;
import dev.wrench.pm.PmGenerator;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Wrench servers whose preventive maintenance runs on a {@link MovableClock}: the generator runs
 * when a test wakes it (its own period is an hour), so a test moves the clock and wakes it instead
 * of waiting.
 */
public final class PmServers {

  public static final int LEASE_SECONDS = 60;

  private PmServers() {}

  public static JsonObject config() {
    return new JsonObject()
        .put(
            "pm",
            new JsonObject()
                .put("generator_interval_ms", 3_600_000)
                .put("claim_lease_seconds", LEASE_SECONDS)
                .put("batch_size", 50));
  }

  public static Supplier<MainVerticle> on(MovableClock clock) {
    return () -> new MainVerticle(config -> Features.all(config, clock), Contract.PATH);
  }

  public static WrenchServer start(MovableClock clock) {
    return WrenchServer.start(config(), on(clock), Contract.PATH);
  }

  public static WrenchServer another(WrenchServer first, MovableClock clock) {
    return first.startAnotherInstance(config(), on(clock));
  }

  /** Runs one full round of the generator of {@code server} and returns its counts. */
  public static JsonObject generate(WrenchServer server) {
    return Http.await(
            server.vertx().eventBus().<JsonObject>request(PmGenerator.WAKE, new JsonObject()))
        .body();
  }

  public static Duration lease() {
    return Duration.ofSeconds(LEASE_SECONDS);
  }

  /** A number the database answers to {@code sql} (a count, say). */
  public static long count(WrenchServer server, String sql) {
    try (Connection connection = server.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
