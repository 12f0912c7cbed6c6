package dev.wrench.attachment;

import dev.wrench.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachment worker (deployed with the WORKER threading model: its handlers may block). Takes
 * stored uploads from PostgreSQL, where their state lives, so that nothing is lost when a process
 * dies: verifies the checksum, sniffs the type, makes a thumbnail of images (refusing decompression
 * bombs), strips JPEG, PNG and WebP metadata (GPS position among it), then marks the attachment
 * {@code ready} or {@code rejected} with a reason. A failure (storage unreachable) is retried with
 * exponential backoff; after the last attempt the attachment is {@code failed} and a dead letter is
 * written, which an admin can list and retry. A periodic sweep removes the objects of deleted
 * attachments, of uploads that never finished, and objects that have no row at all.
 *
 * <p>Its settings are {@code attachments.worker} and the store's; one instance is the {@code
 * sweeper}.
 */
public final class AttachmentVerticle extends VerticleBase {

  /** {@code {id}}, sent: an upload completed; the worker polls now rather than at its next tick. */
  public static final String PROCESS = "wrench.attachments.process";

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentVerticle.class);
  private static final int BATCH = 4;
  private static final int ORPHAN_PAGE = 1_000;

  private final AttachmentsConfig config;
  private final AttachmentsConfig.Worker settings;
  private final boolean sweeper;
  private ObjectStore store;
  private ContentTypes types;
  private MessageConsumer<JsonObject> nudges;
  private final List<Long> timers = new ArrayList<>();
  private boolean polling;
  private boolean pollAgain;

  /** Where the orphan sweep goes on from: the last key it looked at ("" from the start). */
  private String orphanMarker = "";

  private DeliveryOptions delivery;
  private AttachmentService attachments;

  /** {@code sweeper}: this instance also sweeps deleted and orphaned objects (one does). */
  public AttachmentVerticle(AttachmentsConfig config, boolean sweeper) {
    this.config = config;
    this.settings = config.worker();
    this.sweeper = sweeper;
  }

  @Override
  public Future<?> start() throws IOException {
    store = ObjectStores.create(config);
    types = new ContentTypes(new HashSet<>(config.allowedTypes()));
    delivery = new DeliveryOptions().setSendTimeout(30_000);
    this.attachments = BusClient.of(vertx.eventBus(), AttachmentService.class, delivery);
    nudges = vertx.eventBus().localConsumer(AttachmentVerticle.PROCESS, message -> poll());
    timers.add(vertx.setPeriodic(settings.pollMs(), id -> poll()));
    if (sweeper) {
      timers.add(vertx.setPeriodic(settings.sweepMs(), id -> sweep()));
    }
    poll();
    return nudges.completion();
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    if (store != null) {
      store.close();
    }
    return nudges == null ? Future.succeededFuture() : nudges.unregister();
  }

  /** Claims due jobs and processes them one after the other; runs again while there may be more. */
  private void poll() {
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    pollAgain = false;
    attachments
        .claim(new JsonObject().put("limit", BATCH).put("lease_ms", settings.leaseMs()))
        .compose(
            reply -> {
              JsonArray items = reply.getJsonArray("items");
              Future<Void> chain = Future.succeededFuture();
              for (Object item : items) {
                chain = chain.compose(v -> handle((JsonObject) item));
              }
              return chain.map(items.size() == BATCH);
            })
        .onComplete(
            result -> {
              polling = false;
              if (result.failed()) {
                LOG.warn("Claiming attachment jobs failed: {}", result.cause().getMessage());
              } else if (result.result() || pollAgain) {
                poll();
              }
            });
  }

  private Future<Void> handle(JsonObject job) {
    JsonObject outcome;
    try {
      outcome = process(job);
    } catch (IOException | RuntimeException e) {
      return retryLater(job, e);
    }
    LOG.info(
        "Attachment {} is {}{}",
        job.getString("id"),
        outcome.getString("status"),
        outcome.getString("reason") == null ? "" : ": " + outcome.getString("reason"));
    return attachments
        .finish(outcome)
        .<Void>mapEmpty()
        .recover(
            e -> {
              // The lease runs out and another attempt does the work again.
              LOG.warn("Recording attachment {} failed: {}", job.getString("id"), e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Future<Void> retryLater(JsonObject job, Throwable e) {
    int attempts = job.getInteger("attempts", 1);
    long base = settings.backoffMs();
    long delay = Math.min(settings.backoffMaxMs(), base << Math.min(20, attempts - 1));
    int maxAttempts = settings.maxAttempts();
    // Shown to admins in the dead letters: no local paths.
    String error =
        e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
            ? "NoSuchFile: the stored object is missing"
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return attachments
        .retryLater(
            new JsonObject()
                .put("id", job.getString("id"))
                .put("error", error.length() > 500 ? error.substring(0, 500) : error)
                .put("delay_ms", delay)
                .put("max_attempts", maxAttempts))
        .onSuccess(
            reply -> {
              String status = reply.getString("status");
              if ("failed".equals(status)) {
                LOG.error(
                    "Attachment {} failed after {} attempts, dead-lettered: {}",
                    job.getString("id"),
                    attempts,
                    error);
              } else {
                LOG.warn(
                    "Attachment {} attempt {} failed, next in {} ms: {}",
                    job.getString("id"),
                    attempts,
                    delay,
                    error);
                vertx.setTimer(delay + 10, id -> poll());
              }
            })
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }

  /** The verdict on one stored upload; an IOException means "try again later". */
  JsonObject process(JsonObject job) throws IOException {
    String key = job.getString("storage_key");
    JsonObject outcome =
        new JsonObject()
            .put("id", job.getString("id"))
            .put("size", job.getLong("size"))
            .put("sha256", job.getString("sha256"))
            .put("content_type", job.getString("content_type"));
    Digest stored = new Digest();
    try (InputStream in = store.open(key)) {
      stored.readAll(in);
    }
    if (stored.size != job.getLong("size") || !stored.hex().equals(job.getString("sha256"))) {
      return outcome
          .put("status", "rejected")
          .put("reason", "checksum mismatch: the stored bytes are not the uploaded ones");
    }
    String type = ContentTypes.sniff(stored.head());
    outcome.put("content_type", type);
    if (!types.isAllowed(type)) {
      return outcome
          .put("status", "rejected")
          .put("reason", "content type " + type + " is not allowed");
    }
    if (Images.canThumbnail(type)) {
      try {
        byte[] thumbnail;
        try (InputStream in = store.open(key)) {
          thumbnail = Images.thumbnail(in, settings.maxPixels(), settings.thumbnailEdge());
        }
        String thumbnailKey = StorageKeys.thumbnailOf(key);
        store.put(thumbnailKey, thumbnail, "image/png");
        outcome.put("thumbnail_key", thumbnailKey);
      } catch (Images.Refused refused) {
        return outcome.put("status", "rejected").put("reason", refused.getMessage());
      }
    }
    if (Images.canStripMetadata(type)) {
      try {
        stripMetadata(key, type, outcome);
      } catch (Images.Refused refused) {
        return outcome.put("status", "rejected").put("reason", refused.getMessage());
      }
    }
    return outcome.put("status", "ready");
  }

  /**
   * Rewrites the image (JPEG, PNG, WebP) without its metadata when it has any; the new size and
   * checksum are kept.
   */
  private void stripMetadata(String key, String type, JsonObject outcome)
      throws IOException, Images.Refused {
    ObjectStore.Upload upload = store.begin(key);
    DigestingOutput out = new DigestingOutput(upload);
    boolean removed;
    try {
      removed = Images.stripMetadata(type, () -> store.open(key), out);
      out.flush();
    } catch (IOException | Images.Refused | RuntimeException e) {
      upload.abort();
      throw e;
    }
    if (!removed) {
      upload.abort();
      return;
    }
    upload.complete();
    outcome.put("size", out.digest.size).put("sha256", out.digest.hex());
  }

  /** Removes the objects the database no longer wants, then objects nobody knows. */
  private void sweep() {
    attachments
        .sweep(new JsonObject().put("stale_upload_ms", settings.staleUploadMs()).put("limit", 100))
        .compose(
            reply -> {
              JsonArray removed = new JsonArray();
              for (Object o : reply.getJsonArray("items")) {
                JsonObject item = (JsonObject) o;
                try {
                  // A linked row's object stays while another live row refers to it (V86).
                  if (!item.getBoolean("shared", false)) {
                    store.delete(item.getString("storage_key"));
                    store.delete(StorageKeys.thumbnailOf(item.getString("storage_key")));
                  }
                  removed.add(item.getString("id"));
                } catch (IOException | RuntimeException e) {
                  LOG.warn(
                      "Removing the object of attachment {} failed: {}",
                      item.getString("id"),
                      e.getMessage());
                }
              }
              return removed.isEmpty()
                  ? Future.succeededFuture()
                  : attachments.objectsRemoved(new JsonObject().put("ids", removed)).mapEmpty();
            })
        .compose(v -> sweepOrphans())
        .onFailure(e -> LOG.warn("The attachment sweep failed: {}", e.getMessage()));
  }

  /** Objects older than the grace period whose attachment has no row (a crash mid-upload). */
  private Future<Void> sweepOrphans() {
    List<ObjectStore.Stored> stored;
    try {
      stored = store.list("org/", orphanMarker, ORPHAN_PAGE);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    // One page per sweep; past the last page, start again from the first.
    orphanMarker = stored.size() < ORPHAN_PAGE ? "" : stored.get(stored.size() - 1).key();
    Instant cutoff = Instant.now().minusMillis(settings.orphanGraceMs());
    List<ObjectStore.Stored> old =
        stored.stream()
            .filter(s -> StorageKeys.isValid(s.key()) && s.lastModified().isBefore(cutoff))
            .toList();
    if (old.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray ids = new JsonArray();
    old.forEach(s -> ids.add(StorageKeys.attachmentId(s.key()).toString()));
    return attachments
        .known(new JsonObject().put("ids", ids))
        .map(
            reply -> {
              Set<String> known = new HashSet<>();
              reply.getJsonArray("known").forEach(id -> known.add((String) id));
              for (ObjectStore.Stored s : old) {
                if (!known.contains(StorageKeys.attachmentId(s.key()).toString())) {
                  try {
                    store.delete(s.key());
                    LOG.info("Removed orphan object {}", s.key());
                  } catch (IOException e) {
                    LOG.warn("Removing orphan object {} failed: {}", s.key(), e.getMessage());
                  }
                }
              }
              return null;
            });
  }

  /** SHA-256, size and the first bytes of a stream. */
  static final class Digest {
    private final MessageDigest sha = sha256();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    long size;

    void update(byte[] bytes, int offset, int length) {
      sha.update(bytes, offset, length);
      size += length;
      int room = ContentTypes.SNIFF_BYTES - head.size();
      if (room > 0) {
        head.write(bytes, offset, Math.min(room, length));
      }
    }

    void readAll(InputStream in) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        update(buffer, 0, read);
      }
    }

    byte[] head() {
      return head.toByteArray();
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
  }

  /** Writes into an upload while digesting what goes through. */
  private static final class DigestingOutput extends FilterOutputStream {
    private final ObjectStore.Upload upload;
    private final Digest digest = new Digest();

    DigestingOutput(ObjectStore.Upload upload) {
      super(OutputStream.nullOutputStream());
      this.upload = upload;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      digest.update(b, off, len);
      upload.write(b, off, len);
    }
  }
}
