package dev.wrench.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL still running on the data folder after its Wrench was killed (SIGKILL, a crash: the
 * server is a process of its own and outlives it). Found by the folder's {@code postmaster.pid}
 * while Wrench holds the folder's lock, so no other Wrench owns it; it is stopped (SIGTERM, a smart
 * shutdown: its clients died with their Wrench) before the folder's server is started again.
 */
final class OrphanServer {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanServer.class);

  private OrphanServer() {}

  /** Stops the orphan of {@code dataDir}, if any; call it holding the folder's lock. */
  static void stopIfAny(Path dataDir, long waitSeconds) throws IOException {
    Optional<ProcessHandle> orphan = find(dataDir);
    if (orphan.isEmpty()) {
      return;
    }
    ProcessHandle server = orphan.get();
    LOG.warn(
        "A PostgreSQL (process {}) still runs on {}, left by a Wrench that did not stop: stopping"
            + " it first",
        server.pid(),
        dataDir);
    server.destroy();
    try {
      server.onExit().get(waitSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the PostgreSQL left on " + dataDir, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupProblem(
          "A PostgreSQL (process "
              + server.pid()
              + ") still runs on the embedded database folder "
              + dataDir.toAbsolutePath().normalize()
              + " and did not stop within "
              + waitSeconds
              + " s: stop it (pg_ctl stop -D "
              + dataDir.toAbsolutePath().normalize()
              + ")",
          StartupProblem.REFUSED);
    }
  }

  /**
   * The live process of {@code postmaster.pid} whose data folder is {@code dataDir} and whose
   * command is a postgres one (a pid can be reused by another program after a reboot).
   */
  static Optional<ProcessHandle> find(Path dataDir) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return Optional.empty();
    }
    if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
      return Optional.empty();
    }
    boolean thisFolder;
    try {
      thisFolder = Files.isSameFile(Path.of(lines.get(1).trim()), dataDir);
    } catch (IOException e) {
      thisFolder = false;
    }
    if (!thisFolder) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
  }
}
