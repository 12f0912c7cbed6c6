package dev.wrench.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, s3proxy) through the AWS SDK v2 and its small
 * JDK-based HTTP client. An upload is sent as a multipart upload of {@code partSize} parts, so
 * memory holds one part per upload in flight, whatever the file's size; a file smaller than one
 * part is a single PUT.
 */
public final class S3Store implements ObjectStore {

  /** S3's smallest multipart part (but the last). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private final S3Client client;
  private final S3Presigner presigner;
  private final String bucket;
  private final String endpoint;
  private final int partSize;

  /** {@code accessKey} empty: the standard AWS credentials chain (environment, profile, role). */
  public S3Store(
      String endpoint,
      String bucket,
      String region,
      boolean pathStyle,
      String accessKey,
      String secretKey,
      int partSize,
      Duration timeout) {
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.partSize = Math.max(MIN_PART_SIZE, partSize);
    AwsCredentialsProvider credentials =
        accessKey == null || accessKey.isEmpty()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    URI uri = URI.create(endpoint);
    this.client =
        S3Client.builder()
            .endpointOverride(uri)
            .region(Region.of(region))
            .forcePathStyle(pathStyle)
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .build();
    this.presigner =
        S3Presigner.builder()
            .endpointOverride(uri)
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
            .build();
  }

  /**
   * Creates the bucket unless it exists (for development set-ups: config {@code create_bucket}).
   */
  public void ensureBucket() throws IOException {
    try {
      client.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (NoSuchBucketException missing) {
      call(() -> client.createBucket(CreateBucketRequest.builder().bucket(bucket).build()));
    } catch (SdkException e) {
      if (e.getMessage() != null && e.getMessage().contains("404")) {
        call(() -> client.createBucket(CreateBucketRequest.builder().bucket(bucket).build()));
      } else {
        throw new IOException("S3: " + e.getMessage(), e);
      }
    }
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw new IOException("S3: " + e.getMessage(), e);
    }
  }

  @Override
  public Upload begin(String key) throws IOException {
    return new MultipartUpload(key);
  }

  private final class MultipartUpload implements Upload {
    private final String key;
    private final byte[] part = new byte[partSize];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean done;

    MultipartUpload(String key) {
      this.key = key;
    }

    @Override
    public void write(byte[] chunk, int offset, int length) throws IOException {
      int at = offset;
      int left = length;
      while (left > 0) {
        int n = Math.min(left, part.length - filled);
        System.arraycopy(chunk, at, part, filled, n);
        filled += n;
        at += n;
        left -= n;
        if (filled == part.length) {
          sendPart();
        }
      }
    }

    private void sendPart() throws IOException {
      if (uploadId == null) {
        uploadId =
            call(
                () ->
                    client
                        .createMultipartUpload(
                            CreateMultipartUploadRequest.builder().bucket(bucket).key(key).build())
                        .uploadId());
      }
      int number = parts.size() + 1;
      int length = filled;
      String etag =
          call(
              () ->
                  client
                      .uploadPart(
                          UploadPartRequest.builder()
                              .bucket(bucket)
                              .key(key)
                              .uploadId(uploadId)
                              .partNumber(number)
                              .contentLength((long) length)
                              .build(),
                          RequestBody.fromInputStream(
                              new ByteArrayInputStream(part, 0, length), length))
                      .eTag());
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    }

    @Override
    public void complete() throws IOException {
      if (uploadId == null) {
        int length = filled;
        call(
            () ->
                client.putObject(
                    PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentLength((long) length)
                        .build(),
                    RequestBody.fromInputStream(
                        new ByteArrayInputStream(part, 0, length), length)));
        done = true;
        return;
      }
      if (filled > 0) {
        sendPart();
      }
      call(
          () ->
              client.completeMultipartUpload(
                  CompleteMultipartUploadRequest.builder()
                      .bucket(bucket)
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                      .build()));
      done = true;
    }

    @Override
    public void abort() {
      if (done || uploadId == null) {
        return;
      }
      done = true;
      try {
        client.abortMultipartUpload(
            AbortMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .build());
      } catch (SdkException ignored) {
        // the bucket's lifecycle rule for incomplete uploads (or the orphan sweep) cleans up
      }
    }
  }

  @Override
  public void put(String key, byte[] content, String contentType) throws IOException {
    call(
        () ->
            client.putObject(
                PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(content)));
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return client.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (NoSuchKeyException e) {
      throw new java.io.FileNotFoundException(key);
    } catch (SdkException e) {
      throw new IOException("S3: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    call(() -> client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
  }

  @Override
  public List<Stored> list(String prefix, String after, int max) throws IOException {
    List<Stored> found = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      var page =
          call(
              () ->
                  client.listObjectsV2(
                      ListObjectsV2Request.builder()
                          .bucket(bucket)
                          .prefix(prefix)
                          .maxKeys(Math.min(1000, max))
                          .startAfter(after.isEmpty() ? null : after)
                          .continuationToken(continuation)
                          .build()));
      for (S3Object object : page.contents()) {
        found.add(new Stored(object.key(), object.lastModified()));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null && found.size() < max);
    return found;
  }

  @Override
  public void check() throws IOException {
    call(() -> client.headBucket(HeadBucketRequest.builder().bucket(bucket).build()));
  }

  @Override
  public Optional<URI> presign(
      String key, Duration ttl, String contentDisposition, String contentType) {
    try {
      return Optional.of(
          presigner
              .presignGetObject(
                  GetObjectPresignRequest.builder()
                      .signatureDuration(ttl)
                      .getObjectRequest(
                          GetObjectRequest.builder()
                              .bucket(bucket)
                              .key(key)
                              .responseContentDisposition(contentDisposition)
                              .responseContentType(contentType)
                              .build())
                      .build())
              .url()
              .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    return "S3 bucket " + bucket + " at " + endpoint;
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
  }
}
