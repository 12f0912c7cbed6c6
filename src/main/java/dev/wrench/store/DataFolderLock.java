package dev.wrench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The embedded database's data folder, held by one Wrench at a time: an OS lock on {@code
 * <folder>.lock} beside it (initdb wants the folder itself empty), released when the process ends
 * however it ends. The holder writes its process id there so that the next one can name it.
 */
final class DataFolderLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static Path lockFile(Path dataDir) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".lock");
  }

  /** Takes the folder, or throws a {@link StartupProblem} (exit code 2) naming its holder. */
  static DataFolderLock acquire(Path dataDir) throws IOException {
    Path file = lockFile(dataDir);
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      throw new StartupProblem(
          "The embedded database folder "
              + dataDir.toAbsolutePath().normalize()
              + " is in use by another Wrench"
              + (holder.isEmpty() ? "" : " (process " + holder + ")")
              + ": stop it, or give this one another folder (EMBEDDED_DATABASE_DIR)"
              + " or a database (DATABASE_URL)",
          StartupProblem.REFUSED);
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
    return new DataFolderLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
