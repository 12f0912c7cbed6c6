package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar against a DATABASE_URL that does not answer: start-up stops within the connect
 * timeout with one line naming the host and port (never the password) and a non-zero exit code, and
 * SIGTERM during the wait ends the process within seconds.
 */
class DatabaseStartupIT {

  @TempDir Path workDir;

  private Process start(int databasePort, int connectTimeoutSeconds, String... arguments)
      throws IOException {
    return LocalHttp.startJar(
        workDir,
        k -> k.startsWith("DATABASE_") || k.startsWith("EMBEDDED_") || k.equals("HTTP_PORT"),
        Map.of(
            "DATABASE_URL",
            "postgresql://wrench:s3cret-pw@127.0.0.1:" + databasePort + "/wrench",
            "DATABASE_CONNECT_TIMEOUT_SECONDS",
            String.valueOf(connectTimeoutSeconds),
            "HTTP_PORT",
            String.valueOf(LocalHttp.freePort())),
        List.of(arguments));
  }

  private List<String> log() throws IOException {
    return Files.readAllLines(workDir.resolve("service.log"));
  }

  @Test
  void anUnreachableDatabaseStopsStartUpWithOneLineWithinTheTimeout() throws Exception {
    int closed = LocalHttp.freePort();
    long started = System.nanoTime();
    Process service = start(closed, 2);
    try {
      assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("the process ends").isTrue();
      long seconds = (System.nanoTime() - started) / 1_000_000_000;
      assertThat(service.exitValue()).isEqualTo(1);
      assertThat(seconds).as("JVM start, 2 s of waiting, stop").isLessThan(20);
      List<String> log = log();
      assertThat(log)
          .filteredOn(line -> line.contains("\"level\":\"ERROR\""))
          .singleElement()
          .asString()
          .contains(
              "Wrench cannot start: Cannot reach PostgreSQL at 127.0.0.1:"
                  + closed
                  + " (DATABASE_URL) within 2 s");
      assertThat(log)
          .noneSatisfy(line -> assertThat(line).contains("s3cret-pw"))
          .noneSatisfy(line -> assertThat(line).contains("has been blocked"))
          .noneSatisfy(line -> assertThat(line).contains("\"level\":\"WARN\""));
    } finally {
      service.destroyForcibly();
    }
  }

  @Test
  void migrateWaitsTheSameAndSaysSoInOneLine() throws Exception {
    int closed = LocalHttp.freePort();
    Process migrate = start(closed, 1, "migrate");
    try {
      assertThat(migrate.waitFor(30, TimeUnit.SECONDS)).as("the process ends").isTrue();
      assertThat(migrate.exitValue()).isEqualTo(1);
      assertThat(log())
          .filteredOn(line -> line.contains("\"level\":\"ERROR\""))
          .singleElement()
          .asString()
          .contains(
              "Wrench cannot migrate: Cannot reach PostgreSQL at 127.0.0.1:"
                  + closed
                  + " (DATABASE_URL) within 1 s");
      assertThat(log()).noneSatisfy(line -> assertThat(line).contains("s3cret-pw"));
    } finally {
      migrate.destroyForcibly();
    }
  }

  @Test
  void sigtermWhileWaitingForTheDatabaseEndsTheProcessWithinFiveSeconds() throws Exception {
    // Accepts connections (the kernel's backlog) and never answers: each try waits for its timeout.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Process service = start(silent.getLocalPort(), 30);
      try {
        await("waiting for the database")
            .atMost(Duration.ofSeconds(60))
            .until(() -> log().stream().anyMatch(line -> line.contains("does not answer yet")));
        long signalled = System.nanoTime();
        service.destroy(); // SIGTERM
        assertThat(service.waitFor(10, TimeUnit.SECONDS)).as("the process ends").isTrue();
        assertThat((System.nanoTime() - signalled) / 1_000_000).isLessThan(5_000);
        assertThat(log())
            .anySatisfy(line -> assertThat(line).contains("Start-up abandoned"))
            .noneSatisfy(line -> assertThat(line).contains("Promise already completed"))
            .noneSatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\""));
      } finally {
        service.destroyForcibly();
      }
    }
  }
}
