package dev.wrench.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A real PostgreSQL 15 started from the binaries in the jar, used when no {@code DATABASE_URL} is
 * set, so that the service runs on a machine with nothing installed: for development and one
 * instance. Its data folder survives restarts and is held by one Wrench at a time ({@link
 * DataFolderLock}); its port is a free one unless configured, and the server answering there must
 * be the one of this folder before Wrench uses it. Durable (fsync, synchronous commits) unless told
 * otherwise. Blocking: call it from a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final EmbeddedPostgres postgres;
  private final DataFolderLock lock;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataFolderLock lock) {
    this.postgres = postgres;
    this.lock = lock;
  }

  /**
   * Starts the server of {@code dataDir} on {@code port} (0: a free one). Throws a {@link
   * StartupProblem} (exit code 2) when this machine has no binaries in the jar, the folder is held
   * by another Wrench, the port is taken, or the server answering on it serves another folder.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, boolean durable) throws IOException {
    EmbeddedBinaries.require();
    DataFolderLock lock = DataFolderLock.acquire(dataDir);
    try {
      Files.createDirectories(dataDir);
      OrphanServer.stopIfAny(dataDir, 30);
      // 0: zonky takes a free port of the machine.
      int chosen = port > 0 ? requireFree(port) : 0;
      String sync = durable ? "on" : "off";
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setPort(chosen)
              .setServerConfig("max_connections", "200")
              // zonky starts the server with -F (fsync off) and synchronous_commit=off; these
              // -c settings come after and win.
              .setServerConfig("fsync", sync)
              .setServerConfig("synchronous_commit", sync)
              .setServerConfig("full_page_writes", sync)
              .start();
      try {
        requireServes(HOST, postgres.getPort(), dataDir);
      } catch (StartupProblem e) {
        postgres.close();
        throw e;
      }
      return new EmbeddedDatabase(postgres, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Throws a {@link StartupProblem} unless the PostgreSQL answering at {@code host:port} keeps its
   * data in {@code dataDir}: a server of another folder (another Wrench's) is never migrated or
   * used.
   */
  static void requireServes(String host, int port, Path dataDir) {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("loginTimeout", "10");
    properties.setProperty("socketTimeout", "10");
    String served;
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres", properties);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW data_directory")) {
      row.next();
      served = row.getString(1);
    } catch (SQLException e) {
      throw notOurs(host, port, dataDir, "it cannot tell its data folder: " + e.getMessage());
    }
    boolean same;
    try {
      same = Files.isSameFile(Path.of(served), dataDir);
    } catch (IOException e) {
      same = false;
    }
    if (!same) {
      throw notOurs(host, port, dataDir, "it serves " + served);
    }
  }

  private static StartupProblem notOurs(String host, int port, Path dataDir, String why) {
    return new StartupProblem(
        "The PostgreSQL answering on "
            + host
            + ":"
            + port
            + " is not the embedded database of "
            + dataDir.toAbsolutePath().normalize()
            + " ("
            + why
            + "): Wrench will not use it; set EMBEDDED_DATABASE_PORT to 0 (a free port)",
        StartupProblem.REFUSED);
  }

  /** {@code port}, unless a program already listens there. */
  private static int requireFree(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(HOST, port), 1_000);
    } catch (IOException nothingListens) {
      return port;
    }
    throw new StartupProblem(
        "Port "
            + port
            + " of the embedded database (EMBEDDED_DATABASE_PORT) is taken by another program:"
            + " set another port, or 0 for a free one",
        StartupProblem.REFUSED);
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings(HOST, postgres.getPort(), "postgres", "postgres", "", true);
  }

  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      lock.close();
    }
  }
}
