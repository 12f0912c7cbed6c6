package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database: durable by default, a port of its own per data folder, a folder held by
 * one user at a time, and never a server of another folder. Two servers run at once, as two Wrench
 * in two folders would.
 */
class EmbeddedDatabaseTest {

  @TempDir static Path folders;

  private static EmbeddedDatabase durable;
  private static EmbeddedDatabase fast;

  @BeforeAll
  static void startTwo() throws Exception {
    durable = EmbeddedDatabase.start(folders.resolve("one/postgres"), 0, true);
    fast = EmbeddedDatabase.start(folders.resolve("two/postgres"), 0, false);
  }

  @AfterAll
  static void stopThem() throws Exception {
    if (durable != null) {
      durable.close();
    }
    if (fast != null) {
      fast.close();
    }
  }

  private static String show(EmbeddedDatabase database, String setting) throws Exception {
    DatabaseSettings settings = database.settings();
    try (Connection connection =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + setting)) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void commitsReachTheDiskUnlessToldOtherwise() throws Exception {
    assertThat(show(durable, "fsync")).isEqualTo("on");
    assertThat(show(durable, "synchronous_commit")).isEqualTo("on");
    assertThat(show(durable, "full_page_writes")).isEqualTo("on");
    assertThat(show(fast, "fsync")).isEqualTo("off");
    assertThat(show(fast, "synchronous_commit")).isEqualTo("off");
  }

  @Test
  void eachFolderHasItsOwnServerOnAFreePort() throws Exception {
    assertThat(durable.settings().port()).isNotEqualTo(fast.settings().port());
    assertThat(Path.of(show(durable, "data_directory")))
        .isEqualTo(folders.resolve("one/postgres").toRealPath());
    assertThat(Path.of(show(fast, "data_directory")))
        .isEqualTo(folders.resolve("two/postgres").toRealPath());
    assertThat(folders.resolve("one/postgres.lock"))
        .content()
        .isEqualToIgnoringWhitespace(String.valueOf(ProcessHandle.current().pid()));
  }

  @Test
  void aRunningServerIsFoundByItsFolderOnly() throws Exception {
    Path one = folders.resolve("one/postgres");
    assertThat(OrphanServer.find(one))
        .hasValueSatisfying(
            server -> assertThat(server.info().command().orElse("")).contains("postgres"));
    assertThat(OrphanServer.find(folders.resolve("nowhere"))).isEmpty();
    // A postmaster.pid copied into another folder names a server of the first one: not an orphan.
    Path elsewhere = Files.createDirectories(folders.resolve("copy/postgres"));
    Files.copy(one.resolve("postmaster.pid"), elsewhere.resolve("postmaster.pid"));
    assertThat(OrphanServer.find(elsewhere)).isEmpty();
    Files.writeString(elsewhere.resolve("postmaster.pid"), "not a pid\n");
    assertThat(OrphanServer.find(elsewhere)).isEmpty();
    OrphanServer.stopIfAny(elsewhere, 1);
  }

  @Test
  void aServerOfAnotherFolderIsNeverUsed() {
    StartupProblem problem =
        catchThrowableOfType(
            StartupProblem.class,
            () ->
                EmbeddedDatabase.requireServes(
                    "127.0.0.1", durable.settings().port(), folders.resolve("two/postgres")));
    assertThat(problem.exitCode()).isEqualTo(StartupProblem.REFUSED);
    assertThat(problem.getMessage())
        .contains("is not the embedded database of " + folders.resolve("two/postgres"))
        .contains("it serves " + folders.resolve("one/postgres").toAbsolutePath());
    // Where nothing answers, the server cannot say its folder either.
    assertThat(
            catchThrowableOfType(
                    StartupProblem.class,
                    () -> EmbeddedDatabase.requireServes("127.0.0.1", 1, folders))
                .getMessage())
        .contains("it cannot tell its data folder");
  }

  @Test
  void aFolderInUseIsRefusedAtOnce() {
    StartupProblem problem =
        catchThrowableOfType(
            StartupProblem.class,
            () -> EmbeddedDatabase.start(folders.resolve("one/postgres"), 0, false));
    assertThat(problem.exitCode()).isEqualTo(StartupProblem.REFUSED);
    assertThat(problem.getMessage())
        .isEqualTo(
            "The embedded database folder "
                + folders.resolve("one/postgres").toAbsolutePath()
                + " is in use by another Wrench (process "
                + ProcessHandle.current().pid()
                + "): stop it, or give this one another folder (EMBEDDED_DATABASE_DIR) or a"
                + " database (DATABASE_URL)");
  }

  @Test
  void aTakenPortIsRefusedAtOnceAndTheFolderIsLeftFree() throws Exception {
    Path three = folders.resolve("three/postgres");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      long started = System.nanoTime();
      StartupProblem problem =
          catchThrowableOfType(
              StartupProblem.class,
              () -> EmbeddedDatabase.start(three, taken.getLocalPort(), false));
      assertThat(problem.getMessage())
          .startsWith("Port " + taken.getLocalPort() + " of the embedded database");
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }
    assertThat(Files.exists(three.resolve("postgresql.conf"))).isFalse();
    // The lock was given back: the folder can be taken (and released) again.
    DataFolderLock.acquire(three).close();
  }
}
