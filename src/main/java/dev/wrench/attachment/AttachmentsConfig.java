package dev.wrench.attachment;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code attachments}: S3 when {@code s3.endpoint} is set (a bucket is then required), else files
 * in {@code dataDir}; the limits the HTTP side enforces; the worker that scans, thumbnails and
 * sweeps. {@code allowedTypes} are read from a file's own bytes, never from its name.
 */
public record AttachmentsConfig(
    String dataDir,
    S3 s3,
    long maxSizeBytes,
    int maxPerWorkOrder,
    List<String> allowedTypes,
    int presignTtlSeconds,
    boolean streamDownloads,
    int workerPoolSize,
    int breakerMaxFailures,
    int breakerResetMs,
    Worker worker) {

  public AttachmentsConfig {
    allowedTypes = List.copyOf(allowedTypes);
  }

  /** {@code attachments.s3}: the S3-compatible store; empty keys: the AWS credentials chain. */
  public record S3(
      String endpoint,
      String bucket,
      String region,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey,
      int partSizeBytes,
      int timeoutMs,
      boolean createBucket) {

    static S3 from(JsonObject s3) {
      return new S3(
          s3.getString("endpoint").trim(),
          s3.getString("bucket"),
          s3.getString("region"),
          s3.getBoolean("path_style"),
          s3.getString("access_key_id"),
          s3.getString("secret_access_key"),
          s3.getInteger("part_size_bytes"),
          s3.getInteger("timeout_ms"),
          s3.getBoolean("create_bucket"));
    }

    /** Never the secret key. */
    @Override
    public String toString() {
      return "S3[" + endpoint + ", bucket " + bucket + ", region " + region + "]";
    }
  }

  /** {@code attachments.worker}: polling, leases, retries, the sweep and image limits. */
  public record Worker(
      int instances,
      int pollMs,
      int leaseMs,
      int maxAttempts,
      int backoffMs,
      int backoffMaxMs,
      int sweepMs,
      int staleUploadMs,
      int orphanGraceMs,
      long maxPixels,
      int thumbnailEdge) {

    static Worker from(JsonObject worker) {
      return new Worker(
          worker.getInteger("instances"),
          worker.getInteger("poll_ms"),
          worker.getInteger("lease_ms"),
          worker.getInteger("max_attempts"),
          worker.getInteger("backoff_ms"),
          worker.getInteger("backoff_max_ms"),
          worker.getInteger("sweep_ms"),
          worker.getInteger("stale_upload_ms"),
          worker.getInteger("orphan_grace_ms"),
          worker.getLong("max_pixels"),
          worker.getInteger("thumbnail_edge"));
    }
  }

  /** From the checked {@code attachments} subtree. */
  public static AttachmentsConfig from(JsonObject attachments) {
    List<String> types = new ArrayList<>();
    attachments
        .getJsonArray("allowed_types")
        .forEach(type -> types.add(((String) type).toLowerCase(Locale.ROOT)));
    return new AttachmentsConfig(
        attachments.getString("data_dir"),
        S3.from(attachments.getJsonObject("s3")),
        attachments.getLong("max_size_bytes"),
        attachments.getInteger("max_per_work_order"),
        types,
        attachments.getInteger("presign_ttl_seconds"),
        attachments.getBoolean("stream_downloads"),
        attachments.getInteger("worker_pool_size"),
        attachments.getInteger("breaker_max_failures"),
        attachments.getInteger("breaker_reset_ms"),
        Worker.from(attachments.getJsonObject("worker")));
  }

  public boolean usesS3() {
    return !s3.endpoint().isBlank();
  }

  public String describe() {
    return usesS3()
        ? "S3 bucket "
            + s3.bucket()
            + " at "
            + s3.endpoint()
            + (streamDownloads ? " (downloads streamed)" : " (downloads by presigned URL)")
        : "local folder " + dataDir + " (no S3_ENDPOINT)";
  }
}
