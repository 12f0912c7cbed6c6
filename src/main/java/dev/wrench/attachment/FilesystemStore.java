package dev.wrench.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded default: objects are files under {@code <root>/objects/<key>}. A write goes to
 * {@code <root>/incoming/} first and is moved into place when complete, so that a half-written file
 * is never seen under its key.
 */
public final class FilesystemStore implements ObjectStore {

  private final Path objects;
  private final Path incoming;

  public FilesystemStore(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    this.objects = absolute.resolve("objects");
    this.incoming = absolute.resolve("incoming");
    Files.createDirectories(objects);
    Files.createDirectories(incoming);
  }

  /** Keys are made by the server; this refuses anything else, so no key leaves the folder. */
  private Path pathOf(String key) {
    if (!StorageKeys.isValid(key)) {
      throw new IllegalArgumentException("not a storage key: " + key);
    }
    Path path = objects.resolve(key).normalize();
    if (!path.startsWith(objects)) {
      throw new IllegalArgumentException("not a storage key: " + key);
    }
    return path;
  }

  @Override
  public Upload begin(String key) throws IOException {
    Path target = pathOf(key);
    Path temp = incoming.resolve(UUID.randomUUID().toString());
    OutputStream out = Files.newOutputStream(temp);
    return new Upload() {
      private boolean closed;

      @Override
      public void write(byte[] chunk, int offset, int length) throws IOException {
        out.write(chunk, offset, length);
      }

      @Override
      public void complete() throws IOException {
        closed = true;
        out.close();
        Files.createDirectories(java.util.Objects.requireNonNull(target.getParent()));
        move(temp, target);
      }

      @Override
      public void abort() {
        try {
          if (!closed) {
            closed = true;
            out.close();
          }
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the orphan sweep removes what is left
        }
      }
    };
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void put(String key, byte[] content, String contentType) throws IOException {
    Upload upload = begin(key);
    try {
      upload.write(content, 0, content.length);
      upload.complete();
    } catch (IOException e) {
      upload.abort();
      throw e;
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(pathOf(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(pathOf(key));
  }

  @Override
  public List<Stored> list(String prefix, String after, int max) throws IOException {
    // A folder walk has no order: the whole tree is read, then sorted like S3 lists keys.
    List<Stored> found = new ArrayList<>();
    Files.walkFileTree(
        objects,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String key = objects.relativize(file).toString().replace('\\', '/');
            if (key.startsWith(prefix) && key.compareTo(after) > 0) {
              found.add(new Stored(key, attrs.lastModifiedTime().toInstant()));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    found.sort(java.util.Comparator.comparing(Stored::key));
    return found.size() > max ? List.copyOf(found.subList(0, max)) : found;
  }

  @Override
  public void check() throws IOException {
    if (!Files.isDirectory(objects) || !Files.isWritable(objects)) {
      throw new NoSuchFileException(objects.toString(), null, "not a writable folder");
    }
  }

  @Override
  public Optional<URI> presign(
      String key, Duration ttl, String contentDisposition, String contentType) {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "local folder " + objects.getParent();
  }

  @Override
  public void close() {
    // nothing held open
  }
}
