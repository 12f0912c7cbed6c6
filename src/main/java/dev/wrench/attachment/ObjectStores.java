package dev.wrench.attachment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the object store of the {@code attachments} config: S3 when its endpoint is set (the
 * configuration then requires a bucket), else the local folder {@code data_dir}.
 */
public final class ObjectStores {

  private ObjectStores() {}

  /** Blocks (the folder is created, the S3 client built): call on a worker thread. */
  public static ObjectStore create(AttachmentsConfig config) throws IOException {
    if (!config.usesS3()) {
      return new FilesystemStore(Path.of(config.dataDir()));
    }
    AttachmentsConfig.S3 s3 = config.s3();
    S3Store store =
        new S3Store(
            s3.endpoint(),
            s3.bucket(),
            s3.region(),
            s3.pathStyle(),
            s3.accessKeyId(),
            s3.secretAccessKey(),
            s3.partSizeBytes(),
            Duration.ofMillis(s3.timeoutMs()));
    if (s3.createBucket()) {
      try {
        store.ensureBucket();
      } catch (IOException e) {
        store.close();
        throw e;
      }
    }
    return store;
  }
}
