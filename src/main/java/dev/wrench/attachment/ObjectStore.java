package dev.wrench.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where attachment bytes live: an S3-compatible bucket ({@link S3Store}) or a local folder ({@link
 * FilesystemStore}), behind one interface. Every method blocks: call them on worker threads only.
 */
public interface ObjectStore extends AutoCloseable {

  /** Starts writing {@code key}; nothing is visible under the key until {@link Upload#complete}. */
  Upload begin(String key) throws IOException;

  /** Writes a small object whole (thumbnails, rewritten images). */
  void put(String key, byte[] content, String contentType) throws IOException;

  /** Opens {@code key} for reading; the caller closes the stream. */
  InputStream open(String key) throws IOException;

  /** Removes {@code key}; removing a missing key is not an error. */
  void delete(String key) throws IOException;

  /**
   * Keys under {@code prefix} that sort after {@code after} (empty: from the first), in key order,
   * with their last change, at most {@code max}: a sweep goes through a large store page by page.
   */
  List<Stored> list(String prefix, String after, int max) throws IOException;

  /** Fails when the store cannot be reached (the readiness probe). */
  void check() throws IOException;

  /**
   * A short-lived URL that serves {@code key} with these response headers, or empty when the store
   * cannot sign one (the local folder): then the server streams the bytes itself.
   */
  Optional<URI> presign(String key, Duration ttl, String contentDisposition, String contentType);

  /** For the start-up log: which store, where. */
  String describe();

  @Override
  void close();

  /** A key and when it was last written. */
  record Stored(String key, Instant lastModified) {}

  /** An object being written, chunk after chunk, from one thread at a time. */
  interface Upload {
    void write(byte[] chunk, int offset, int length) throws IOException;

    /** Makes the object visible under its key. */
    void complete() throws IOException;

    /** Drops what was written; safe to call after a failure and more than once. */
    void abort();
  }
}
