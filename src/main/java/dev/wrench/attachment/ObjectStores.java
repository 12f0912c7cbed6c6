package dev.wrench.attachment;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the store a verticle uses from its {@code store} config: {@code {endpoint, bucket, region,
 * path_style, access_key_id, secret_access_key, part_size_bytes, timeout_ms}} selects S3 when
 * {@code endpoint} and {@code bucket} are set, else {@code {data_dir}} selects the local folder.
 */
public final class ObjectStores {

  private ObjectStores() {}

  public static boolean isS3(JsonObject config) {
    return !config.getString("endpoint", "").isBlank() && !config.getString("bucket", "").isBlank();
  }

  /** Blocks (the folder is created, the S3 client built): call on a worker thread. */
  public static ObjectStore create(JsonObject config) throws IOException {
    if (!isS3(config)) {
      return new FilesystemStore(Path.of(config.getString("data_dir", "data/attachments")));
    }
    S3Store store =
        new S3Store(
            config.getString("endpoint"),
            config.getString("bucket"),
            config.getString("region", "us-east-1"),
            config.getBoolean("path_style", true),
            config.getString("access_key_id", ""),
            config.getString("secret_access_key", ""),
            config.getInteger("part_size_bytes", S3Store.MIN_PART_SIZE),
            Duration.ofMillis(config.getLong("timeout_ms", 10_000L)));
    if (config.getBoolean("create_bucket", false)) {
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
