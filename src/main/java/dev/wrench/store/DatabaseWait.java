package dev.wrench.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up's wait for the database: tried again every {@link #PAUSE_MS} ms (a database starting
 * beside Wrench) until it answers or the connect timeout is over, each try bounded by {@link
 * #TRY_SECONDS} so that a shutdown asked for meanwhile is honoured within seconds. Blocking: call
 * it from a worker thread.
 */
public final class DatabaseWait {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseWait.class);

  /** The longest one connection attempt may take (connect, then the server's greeting). */
  static final int TRY_SECONDS = 2;

  static final long PAUSE_MS = 250;

  private DatabaseWait() {}

  /**
   * Returns once a connection to {@code settings} is made; throws a {@link StartupProblem} naming
   * its host and port when none could be made within {@code timeout}, when the server refuses the
   * credentials or the database, or when {@code cancelled} says start-up is abandoned.
   */
  public static void untilReachable(
      DatabaseSettings settings, Duration timeout, BooleanSupplier cancelled) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String where = settings.host() + ":" + settings.port();
    SQLException last = null;
    boolean logged = false;
    while (!cancelled.getAsBoolean()) {
      long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMs <= 0) {
        break;
      }
      try (Connection ignored = connect(settings, remainingMs)) {
        return;
      } catch (SQLException e) {
        if (!retryable(e)) {
          throw new StartupProblem(
              "PostgreSQL at " + where + " (DATABASE_URL) refused Wrench: " + firstLine(e),
              StartupProblem.UNAVAILABLE,
              e);
        }
        last = e;
        if (!logged) {
          LOG.info(
              "PostgreSQL at {} does not answer yet ({}); trying again for up to {} s",
              where,
              firstLine(e),
              timeout.toSeconds());
          logged = true;
        }
      }
      pause();
    }
    if (cancelled.getAsBoolean()) {
      throw new StartupProblem(
          "Start-up abandoned while waiting for PostgreSQL at " + where + ": shutting down",
          StartupProblem.UNAVAILABLE);
    }
    throw new StartupProblem(
        "Cannot reach PostgreSQL at "
            + where
            + " (DATABASE_URL) within "
            + timeout.toSeconds()
            + " s (database.connect_timeout_seconds): "
            + (last == null ? "no attempt finished" : firstLine(last)),
        StartupProblem.UNAVAILABLE,
        last);
  }

  private static Connection connect(DatabaseSettings settings, long remainingMs)
      throws SQLException {
    int seconds = (int) Math.max(1, Math.min(TRY_SECONDS, (remainingMs + 999) / 1000));
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    // connectTimeout bounds the TCP connect; loginTimeout the whole attempt, a server that accepts
    // and never answers included; socketTimeout any read after that.
    properties.setProperty("connectTimeout", String.valueOf(seconds));
    properties.setProperty("loginTimeout", String.valueOf(seconds));
    properties.setProperty("socketTimeout", String.valueOf(seconds));
    return DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  /**
   * Worth another try: the server is not (yet) there or not yet accepting (SQL states 08…, and
   * 57P03 while it starts). A refused password or a missing database will not change by waiting.
   */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.equals("57P03");
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupProblem(
          "Start-up abandoned while waiting for the database: interrupted",
          StartupProblem.UNAVAILABLE);
    }
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
