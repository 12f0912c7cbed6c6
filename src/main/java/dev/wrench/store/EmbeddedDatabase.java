package dev.wrench.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 15 started from the binaries in the jar, used when no {@code DATABASE_URL} is
 * set, so that the service runs on a machine with nothing installed. Its data folder survives
 * restarts. Blocking: call it from a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    return new EmbeddedDatabase(builder.start());
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings("127.0.0.1", postgres.getPort(), "postgres", "postgres", "", true);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
