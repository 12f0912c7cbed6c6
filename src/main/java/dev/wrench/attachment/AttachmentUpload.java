package dev.wrench.attachment;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed upload, from the first byte to the answer. The multipart file part goes, in chunks
 * of {@link ObjectStorage#CHUNK} bytes, from the socket to the object store (on a worker thread,
 * with the request paused meanwhile), while its size is counted (413 as soon as it passes the
 * limit), its first bytes sniffed (415 when their real type is not allowed) and its SHA-256
 * computed. No body handler buffers it. The row is begun before the first byte is stored and
 * completed after the last, so a refusal at any point drops both the stored bytes and the row.
 *
 * <p>Everything here runs on the request's event loop; only the store calls hop to the workers, one
 * at a time ({@code inFlight}), which is what lets the fields go without locks.
 */
final class AttachmentUpload {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentUpload.class);

  /** What is read and thrown away after a refused upload before the connection is closed. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private final EventBus bus;
  private final AttachmentService attachments;
  private final ObjectStorage storage;
  private final AttachmentHandlers.Limits limits;
  private final RoutingContext ctx;
  private final HttpServerRequest request;
  private final Actor actor;
  private final MessageDigest sha = sha256();
  private final Promise<JsonObject> stored = Promise.promise();
  private final Promise<Void> requestEnded = Promise.promise();
  private Buffer pending = Buffer.buffer();
  private Buffer head = Buffer.buffer();
  private HttpServerFileUpload file;
  private ObjectStore.Upload target;
  private String workOrderId;
  private String attachmentId;
  private String sniffedType;
  private long size;
  private long drained;
  private boolean inFlight;
  private boolean fileEnded;
  private boolean finished;

  AttachmentUpload(
      RoutingContext ctx,
      EventBus bus,
      AttachmentService attachments,
      ObjectStorage storage,
      AttachmentHandlers.Limits limits) {
    this.bus = bus;
    this.attachments = attachments;
    this.storage = storage;
    this.limits = limits;
    this.ctx = ctx;
    this.request = ctx.request();
    this.actor = BearerTokenHandler.actor(ctx);
  }

  /** Refuses what can be refused before reading the body, else starts reading it. */
  void start() {
    ctx.put(AttachmentHandlers.STARTED, true);
    workOrderId = ctx.pathParam("id");
    try {
      UUID.fromString(workOrderId);
    } catch (IllegalArgumentException e) {
      refuse(UploadProblems.badWorkOrderId());
      return;
    }
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      refuse(UploadProblems.notMultipart());
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null
        && length.matches("\\d{1,18}")
        && Long.parseLong(length) > limits.maxSizeBytes() + 64 * 1024) {
      refuse(UploadProblems.tooLarge(limits.maxSizeBytes()));
      return;
    }
    if (storage.breakerOpen()) {
      refuse(ObjectStorage.unavailable());
      return;
    }
    request.setExpectMultipart(true);
    request.uploadHandler(this::onFile);
    request.exceptionHandler(e -> refuse(UploadProblems.cutOff()));
    request.endHandler(v -> onRequestEnd());
    Future.all(stored.future(), requestEnded.future())
        .compose(v -> complete())
        .onSuccess(this::created)
        .onFailure(this::refuse);
    request.resume();
  }

  private void onFile(HttpServerFileUpload part) {
    if (file != null || finished) {
      // A second file part: not read, and the upload is refused.
      part.handler(b -> {});
      refuse(UploadProblems.secondFilePart());
      return;
    }
    file = part;
    part.pause();
    String filename = Filenames.sanitize(part.filename());
    attachments
        .begin(
            new JsonObject()
                .put("actor", actor.toJson())
                .put("id", workOrderId)
                .put("parent", AttachmentHandlers.parentOf(request.path()))
                .put("filename", filename)
                .put("declared_content_type", part.contentType())
                .put("max_per_work_order", limits.maxPerWorkOrder()))
        .compose(
            reply -> {
              attachmentId = reply.getString("id");
              String key = reply.getString("storage_key");
              return storage.guarded(() -> storage.store().begin(key));
            })
        .onSuccess(
            begun -> {
              target = begun;
              if (finished) {
                abortStored();
                return;
              }
              part.handler(this::onChunk);
              part.exceptionHandler(e -> refuse(UploadProblems.cutOff()));
              part.endHandler(v -> onFileEnd());
              part.resume();
            })
        .onFailure(this::refuse);
  }

  private void onChunk(Buffer chunk) {
    if (finished) {
      return;
    }
    size += chunk.length();
    if (size > limits.maxSizeBytes()) {
      refuse(UploadProblems.tooLarge(limits.maxSizeBytes()));
      return;
    }
    if (sniffedType == null) {
      head.appendBuffer(
          chunk, 0, Math.min(chunk.length(), ContentTypes.SNIFF_BYTES - head.length()));
      if (head.length() >= ContentTypes.SNIFF_BYTES && !sniff()) {
        return;
      }
    }
    pending.appendBuffer(chunk);
    if (pending.length() >= ObjectStorage.CHUNK && !inFlight) {
      flush();
    }
  }

  /** Decides the real type from the first bytes; false (and refused) when it is not allowed. */
  private boolean sniff() {
    sniffedType = ContentTypes.sniff(head.getBytes());
    head = null;
    if (!limits.types().isAllowed(sniffedType)) {
      refuse(UploadProblems.notAccepted(sniffedType, limits.types().allowed()));
      return false;
    }
    return true;
  }

  /** Hands the bytes gathered so far to the store, with the file paused until it has them. */
  private void flush() {
    byte[] bytes = pending.getBytes();
    pending = Buffer.buffer();
    inFlight = true;
    file.pause();
    ObjectStore.Upload into = target;
    storage
        .guarded(
            () -> {
              sha.update(bytes);
              into.write(bytes, 0, bytes.length);
              return null;
            })
        .onSuccess(
            v -> {
              inFlight = false;
              if (finished) {
                abortStored();
                return;
              }
              if (fileEnded) {
                onFileEnd();
              } else if (pending.length() >= ObjectStorage.CHUNK) {
                flush();
              } else {
                file.resume();
              }
            })
        .onFailure(
            e -> {
              inFlight = false;
              refuse(e);
            });
  }

  private void onFileEnd() {
    fileEnded = true;
    if (inFlight || finished) {
      return;
    }
    if (sniffedType == null && !sniff()) {
      return;
    }
    byte[] rest = pending.getBytes();
    pending = Buffer.buffer();
    ObjectStore.Upload into = target;
    inFlight = true;
    storage
        .guarded(
            () -> {
              sha.update(rest);
              into.write(rest, 0, rest.length);
              into.complete();
              return new JsonObject()
                  .put("size", size)
                  .put("sha256", HexFormat.of().formatHex(sha.digest()))
                  .put("content_type", sniffedType);
            })
        .onComplete(
            result -> {
              inFlight = false;
              if (result.succeeded()) {
                stored.tryComplete(result.result());
              } else {
                refuse(result.cause());
              }
            });
  }

  private void onRequestEnd() {
    if (finished) {
      return;
    }
    if (file == null) {
      refuse(UploadProblems.noFilePart());
      return;
    }
    requestEnded.tryComplete();
  }

  /** Both the bytes and the form are in: the row gets what was stored. */
  private Future<JsonObject> complete() {
    String description = request.formAttributes().get("description");
    if (description != null && description.length() > 2000) {
      return Future.failedFuture(UploadProblems.descriptionTooLong());
    }
    return attachments
        .complete(
            stored
                .future()
                .result()
                .copy()
                .put("actor", actor.toJson())
                .put("id", attachmentId)
                .put("description", description))
        .map(reply -> reply);
  }

  private void created(JsonObject attachment) {
    if (finished) {
      return;
    }
    finished = true;
    bus.send(AttachmentVerticle.PROCESS, new JsonObject().put("id", attachmentId));
    ctx.response()
        .putHeader("Location", "/api/v1/attachments/" + attachmentId)
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(attachment.toBuffer());
  }

  /**
   * Answers with the problem once, drops what was stored, and reads (without keeping) what the
   * client still sends, up to a bound, so that it sees the answer; past that, the connection goes.
   */
  private void refuse(Throwable failure) {
    if (finished) {
      return;
    }
    finished = true;
    abortStored();
    BusError error = UploadProblems.of(failure);
    if (!request.isEnded()) {
      ctx.response().putHeader("Connection", "close");
      if (file != null) {
        file.handler(this::drain);
        file.resume();
      } else if (!request.isExpectMultipart()) {
        request.handler(this::drain);
      }
      request.endHandler(v -> request.connection().close());
      request.resume();
    }
    ctx.fail(error);
  }

  private void drain(Buffer ignored) {
    drained += ignored.length();
    if (drained > DRAIN_LIMIT) {
      request.connection().close();
    }
  }

  /**
   * Drops the stored bytes (unless a write is in flight: its completion comes back here) and the
   * row.
   */
  private void abortStored() {
    ObjectStore.Upload into = target;
    if (into != null && !inFlight) {
      storage.onWorker(
          () -> {
            into.abort();
            return null;
          });
    }
    if (attachmentId != null) {
      attachments
          .abort(actor, attachmentId)
          .onFailure(
              e ->
                  LOG.warn(
                      "Dropping the row of failed upload {} failed: {}",
                      attachmentId,
                      e.getMessage()));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
