package dev.wrench.attachment;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.http.ApiHandlers;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment uploads and downloads. An upload is streamed: the multipart file part goes, in chunks
 * of {@link #CHUNK} bytes, from the socket to the object store (on a worker thread, with the
 * request paused meanwhile), while its size is counted (413 as soon as it passes the limit), its
 * first bytes sniffed (415 when their real type is not allowed) and its SHA-256 computed. No body
 * handler buffers it. Every store call goes through the {@code object-storage} circuit breaker:
 * with the store down, uploads fail fast with 503.
 */
public final class AttachmentHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentHandlers.class);

  /** Set on the routing context once the upload handler owns the request. */
  public static final String STARTED = dev.wrench.http.RouteContext.STREAM_TAKEN;

  /** Bytes handed to the store per worker hop. */
  static final int CHUNK = 64 * 1024;

  /** What is read and thrown away after a refused upload before the connection is closed. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  /** The settings of uploads and downloads. */
  public record Limits(
      long maxSizeBytes,
      int maxPerWorkOrder,
      ContentTypes types,
      Duration presignTtl,
      boolean streamDownloads) {}

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final AttachmentService attachments;
  private ObjectStore store;
  private final WorkerExecutor executor;
  private final CircuitBreaker breaker;
  private final Limits limits;

  public AttachmentHandlers(
      EventBus bus,
      long busTimeout,
      WorkerExecutor executor,
      CircuitBreaker breaker,
      Limits limits) {
    this.bus = bus;
    this.delivery = new DeliveryOptions().setSendTimeout(busTimeout);
    this.attachments = BusClient.of(bus, AttachmentService.class, delivery);
    this.executor = executor;
    this.breaker = breaker;
    this.limits = limits;
  }

  /**
   * The object store, once opened (its client is built on a worker): the HTTP verticle listens only
   * after that, so no request meets a handler without it.
   */
  public void open(ObjectStore opened) {
    this.store = opened;
  }

  /** A blocking store call on the attachment workers, through the breaker. */
  private <T> Future<T> guarded(Callable<T> call) {
    return breaker.execute(() -> executor.executeBlocking(call, false));
  }

  /** Whether a request is an upload: it must reach its handler unbuffered. */
  public static boolean isUpload(HttpServerRequest request) {
    String path = request.path();
    return request.method() == io.vertx.core.http.HttpMethod.POST
        && path != null
        && path.startsWith("/api/v1/work-orders/")
        && path.endsWith("/attachments");
  }

  public Handler<RoutingContext> upload() {
    return ctx -> new Upload(ctx).start();
  }

  /** One upload, from the first byte to the answer. */
  private final class Upload {
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
    private String attachmentId;
    private String sniffedType;
    private long size;
    private long drained;
    private boolean inFlight;
    private boolean fileEnded;
    private boolean finished;

    Upload(RoutingContext ctx) {
      this.ctx = ctx;
      this.request = ctx.request();
      this.actor = BearerTokenHandler.actor(ctx);
    }

    void start() {
      ctx.put(STARTED, true);
      workOrderId = ctx.pathParam("id");
      try {
        UUID.fromString(workOrderId);
      } catch (IllegalArgumentException e) {
        refuse(BusError.badRequest("/path/id", "must be a UUID"));
        return;
      }
      String type = request.getHeader("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
        refuse(new BusError(415, "unsupported-media-type", "send the file as multipart/form-data"));
        return;
      }
      String length = request.getHeader("Content-Length");
      if (length != null
          && length.matches("\\d{1,18}")
          && Long.parseLong(length) > limits.maxSizeBytes() + 64 * 1024) {
        refuse(tooLarge());
        return;
      }
      if (breaker.state() == CircuitBreakerState.OPEN) {
        refuse(storageDown());
        return;
      }
      request.setExpectMultipart(true);
      request.uploadHandler(this::onFile);
      request.exceptionHandler(
          e -> refuse(new BusError(400, "validation", "the upload was cut off")));
      request.endHandler(v -> onRequestEnd());
      Future.all(stored.future(), requestEnded.future())
          .compose(v -> complete())
          .onSuccess(this::created)
          .onFailure(this::refuse);
      request.resume();
    }

    private String workOrderId;

    private void onFile(HttpServerFileUpload part) {
      if (file != null || finished) {
        // A second file part: not read, and the upload is refused.
        part.handler(b -> {});
        refuse(BusError.badRequest("/body/file", "send exactly one file part"));
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
                  .put("filename", filename)
                  .put("declared_content_type", part.contentType())
                  .put("max_per_work_order", limits.maxPerWorkOrder()))
          .compose(
              reply -> {
                attachmentId = reply.getString("id");
                String key = reply.getString("storage_key");
                return guarded(() -> store.begin(key));
              })
          .onSuccess(
              begun -> {
                target = begun;
                if (finished) {
                  abortStored();
                  return;
                }
                part.handler(this::onChunk);
                part.exceptionHandler(
                    e -> refuse(new BusError(400, "validation", "the upload was cut off")));
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
        refuse(tooLarge());
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
      if (pending.length() >= CHUNK && !inFlight) {
        flush();
      }
    }

    /** Decides the real type from the first bytes; false (and refused) when it is not allowed. */
    private boolean sniff() {
      sniffedType = ContentTypes.sniff(head.getBytes());
      head = null;
      if (!limits.types().isAllowed(sniffedType)) {
        refuse(
            new BusError(
                415,
                "unsupported-media-type",
                "the file is "
                    + sniffedType
                    + ", which is not accepted; accepted: "
                    + String.join(", ", new java.util.TreeSet<>(limits.types().allowed()))));
        return false;
      }
      return true;
    }

    private void flush() {
      byte[] bytes = pending.getBytes();
      pending = Buffer.buffer();
      inFlight = true;
      file.pause();
      ObjectStore.Upload into = target;
      guarded(
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
                } else if (pending.length() >= CHUNK) {
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
      guarded(
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
        refuse(BusError.badRequest("/body/file", "a file part is required"));
        return;
      }
      requestEnded.tryComplete();
    }

    private Future<JsonObject> complete() {
      String description = request.formAttributes().get("description");
      if (description != null && description.length() > 2000) {
        return Future.failedFuture(
            BusError.badRequest("/body/description", "must be at most 2000 characters"));
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
     * client still sends, up to a bound, so that it sees the answer; past that, the connection
     * goes.
     */
    private void refuse(Throwable failure) {
      if (finished) {
        return;
      }
      finished = true;
      abortStored();
      BusError error = asBusError(failure);
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

    private void abortStored() {
      ObjectStore.Upload into = target;
      if (into != null && !inFlight) {
        executor.executeBlocking(
            () -> {
              into.abort();
              return null;
            },
            false);
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
  }

  private BusError tooLarge() {
    return new BusError(
        413,
        "payload-too-large",
        "the file is larger than the limit of " + limits.maxSizeBytes() + " bytes");
  }

  private static BusError storageDown() {
    return new BusError(
        503, "service-unavailable", "attachment storage is unavailable; retry shortly");
  }

  private static BusError asBusError(Throwable failure) {
    if (failure instanceof BusError error) {
      return error;
    }
    if (failure instanceof ReplyException reply) {
      BusError error = BusError.fromReply(reply);
      if (error != null) {
        return error;
      }
      return new BusError(503, "service-unavailable", "the database did not answer; retry shortly");
    }
    LOG.warn("Attachment upload failed: {}", String.valueOf(failure));
    return storageDown();
  }

  /** {@code GET /api/v1/attachments/{id}/content}: a presigned redirect, or the bytes. */
  public Handler<RoutingContext> content() {
    return ctx -> {
      Actor actor = BearerTokenHandler.actor(ctx);
      String id = ctx.pathParam("id");
      boolean thumbnail = "thumbnail".equals(ctx.request().getParam("variant"));
      attachments
          .locate(actor, id)
          .onFailure(ctx::fail)
          .onSuccess(
              reply -> {
                JsonObject attachment = reply.getJsonObject("attachment");
                String key = reply.getString("storage_key");
                String filename = attachment.getString("filename");
                String type = attachment.getString("content_type");
                if (thumbnail) {
                  if (!attachment.getBoolean("has_thumbnail", false)) {
                    ctx.fail(BusError.notFound("thumbnail"));
                    return;
                  }
                  key = StorageKeys.thumbnailOf(key);
                  filename = filename + ".thumbnail.png";
                  type = "image/png";
                }
                serve(ctx, key, filename, type, thumbnail ? null : attachment.getLong("size"));
              });
    };
  }

  private void serve(RoutingContext ctx, String key, String filename, String type, Long size) {
    String disposition = Filenames.contentDisposition(filename);
    if (!limits.streamDownloads()) {
      java.util.Optional<java.net.URI> url =
          store.presign(key, limits.presignTtl(), disposition, type);
      if (url.isPresent()) {
        ctx.response().setStatusCode(302).putHeader("Location", url.get().toString()).end();
        return;
      }
    }
    guarded(() -> store.open(key))
        .onFailure(e -> ctx.fail(storageDown()))
        .onSuccess(
            in -> {
              HttpServerResponse response = ctx.response();
              response
                  .setStatusCode(200)
                  // The original is always a download: never rendered by a browser on our origin.
                  .putHeader(
                      "Content-Type",
                      type.equals("image/png") && size == null ? type : "application/octet-stream")
                  .putHeader("Content-Disposition", disposition);
              if (size != null) {
                response.putHeader("Content-Length", Long.toString(size));
              } else {
                response.setChunked(true);
              }
              response.closeHandler(v -> closeQuietly(in));
              pump(in, response);
            });
  }

  /** Copies the stream to the response a chunk at a time, waiting while the client is slow. */
  private void pump(InputStream in, HttpServerResponse response) {
    executor
        .executeBlocking(() -> in.readNBytes(CHUNK), false)
        .onFailure(
            e -> {
              closeQuietly(in);
              response.reset();
            })
        .onSuccess(
            bytes -> {
              if (bytes.length == 0) {
                closeQuietly(in);
                response.end();
                return;
              }
              response.write(Buffer.buffer(bytes));
              if (response.writeQueueFull()) {
                response.drainHandler(v -> pump(in, response));
              } else {
                pump(in, response);
              }
            });
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException ignored) {
      // nothing left to do
    }
  }

  /** {@code DELETE /api/v1/attachments/{id}}. */
  public Handler<RoutingContext> delete() {
    return ctx ->
        attachments
            .delete(BearerTokenHandler.actor(ctx), ctx.pathParam("id"))
            .onFailure(ctx::fail)
            .onSuccess(reply -> ctx.response().setStatusCode(204).end());
  }

  /** {@code POST /api/v1/attachment-dead-letters/{id}/retry}: back to the worker. */
  public Handler<RoutingContext> retryDeadLetter() {
    return ctx ->
        attachments
            .retryDeadLetter(BearerTokenHandler.actor(ctx), ctx.pathParam("id"))
            .onFailure(ctx::fail)
            .onSuccess(
                reply -> {
                  bus.send(
                      AttachmentVerticle.PROCESS,
                      new JsonObject().put("id", reply.getString("id")));
                  ApiHandlers.json(ctx, 200, reply);
                });
  }

  /** For {@code /health/ready}: whether the store answers (through the breaker). */
  public Future<JsonObject> status() {
    long started = System.nanoTime();
    return guarded(
            () -> {
              store.check();
              return null;
            })
        .map(
            v ->
                new JsonObject()
                    .put("state", "up")
                    .put("store", store.describe())
                    .put("duration_ms", (System.nanoTime() - started) / 1_000_000))
        .otherwise(
            e ->
                new JsonObject()
                    .put("state", "down")
                    .put("store", store.describe())
                    .put("breaker", breaker.state().name().toLowerCase(Locale.ROOT)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
