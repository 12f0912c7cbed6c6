package dev.wrench.attachment;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;

/**
 * {@code GET /api/v1/attachments/{id}/content}: the original or its thumbnail, as a redirect to a
 * presigned URL of the store when it offers one (the bytes then never pass through us), else
 * streamed from the store a chunk at a time, at the client's pace.
 */
final class AttachmentDownloads {

  private final AttachmentService attachments;
  private final ObjectStorage storage;
  private final AttachmentHandlers.Limits limits;

  AttachmentDownloads(
      AttachmentService attachments, ObjectStorage storage, AttachmentHandlers.Limits limits) {
    this.attachments = attachments;
    this.storage = storage;
    this.limits = limits;
  }

  Handler<RoutingContext> content() {
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
          storage.store().presign(key, limits.presignTtl(), disposition, type);
      if (url.isPresent()) {
        ctx.response().setStatusCode(302).putHeader("Location", url.get().toString()).end();
        return;
      }
    }
    storage
        .guarded(() -> storage.store().open(key))
        .onFailure(e -> ctx.fail(ObjectStorage.unavailable()))
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
    storage
        .onWorker(() -> in.readNBytes(ObjectStorage.CHUNK))
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
}
