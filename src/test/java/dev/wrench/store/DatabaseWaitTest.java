package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.support.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Start-up's wait for the database at DATABASE_URL: bounded by the connect timeout whatever the
 * server does (refuses, or accepts and never answers), said in one line with host and port and
 * never the password, and given up at once when start-up is abandoned.
 */
class DatabaseWaitTest {

  private static DatabaseSettings at(int port) {
    return new DatabaseSettings("127.0.0.1", port, "wrench", "wrench", "s3cret-pw", false);
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void aClosedPortFailsWithinTheTimeoutNamingHostAndPort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    long started = System.nanoTime();
    StartupProblem problem =
        catchThrowableOfType(
            StartupProblem.class,
            () -> DatabaseWait.untilReachable(at(port), Duration.ofSeconds(1), () -> false));
    assertThat(millisSince(started)).isBetween(900L, 4_000L);
    assertThat(problem.exitCode()).isEqualTo(StartupProblem.UNAVAILABLE);
    assertThat(problem.getMessage())
        .startsWith(
            "Cannot reach PostgreSQL at 127.0.0.1:"
                + port
                + " (DATABASE_URL) within 1 s (database.connect_timeout_seconds): ")
        .doesNotContain("s3cret-pw")
        .doesNotContain("\n");
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersFailsWithinTheTimeout() throws Exception {
    // The kernel completes the handshakes of the backlog; nothing ever reads or writes.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      long started = System.nanoTime();
      StartupProblem problem =
          catchThrowableOfType(
              StartupProblem.class,
              () ->
                  DatabaseWait.untilReachable(
                      at(silent.getLocalPort()), Duration.ofSeconds(2), () -> false));
      assertThat(millisSince(started)).isBetween(1_900L, 6_000L);
      assertThat(problem.getMessage())
          .startsWith("Cannot reach PostgreSQL at 127.0.0.1:" + silent.getLocalPort());
    }
  }

  @Test
  void anAbandonedStartStopsWaitingWithinSeconds() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      AtomicBoolean abandoned = new AtomicBoolean();
      long started = System.nanoTime();
      CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
          .execute(() -> abandoned.set(true));
      StartupProblem problem =
          catchThrowableOfType(
              StartupProblem.class,
              () ->
                  DatabaseWait.untilReachable(
                      at(silent.getLocalPort()), Duration.ofSeconds(60), abandoned::get));
      assertThat(millisSince(started)).isLessThan(4_000L);
      assertThat(problem.getMessage()).startsWith("Start-up abandoned while waiting");
    }
  }

  @Test
  void aReachableDatabaseReturnsAndAMissingOneIsNotWaitedFor() {
    try (TestDatabase database = TestDatabase.create()) {
      DatabaseWait.untilReachable(database.settings(), Duration.ofSeconds(5), () -> false);
      DatabaseSettings missing =
          new DatabaseSettings(
              database.settings().host(),
              database.settings().port(),
              "wrench_no_such_database",
              "postgres",
              "",
              false);
      long started = System.nanoTime();
      StartupProblem problem =
          catchThrowableOfType(
              StartupProblem.class,
              () -> DatabaseWait.untilReachable(missing, Duration.ofSeconds(30), () -> false));
      assertThat(millisSince(started)).isLessThan(5_000L);
      assertThat(problem.getMessage())
          .startsWith(
              "PostgreSQL at "
                  + database.settings().host()
                  + ":"
                  + database.settings().port()
                  + " (DATABASE_URL) refused Wrench: ")
          .contains("wrench_no_such_database");
    }
  }
}
