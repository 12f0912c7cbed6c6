package dev.wrench.attachment;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.bus.BusClient;
import dev.wrench.http.ApiHandlers;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The attachment routes that do more than ask {@link AttachmentService}: the streamed upload (one
 * {@link AttachmentUpload} per request), the download ({@link AttachmentDownloads}), and the small
 * ones that also tell the worker or answer with no body. All of them share one {@link
 * ObjectStorage}: every store call goes through the {@code object-storage} circuit breaker, so with
 * the store down uploads and downloads fail fast with 503.
 */
public final class AttachmentHandlers {

  /** Set on the routing context once the upload handler owns the request. */
  public static final String STARTED = dev.wrench.http.RouteContext.STREAM_TAKEN;

  /** The settings of uploads and downloads. */
  public record Limits(
      long maxSizeBytes,
      int maxPerWorkOrder,
      ContentTypes types,
      Duration presignTtl,
      boolean streamDownloads) {}

  private final EventBus bus;
  private final AttachmentService attachments;
  private final ObjectStorage storage;
  private final Limits limits;
  private final AttachmentDownloads downloads;

  public AttachmentHandlers(
      EventBus bus,
      long busTimeout,
      WorkerExecutor executor,
      CircuitBreaker breaker,
      Limits limits) {
    this.bus = bus;
    this.attachments =
        BusClient.of(
            bus, AttachmentService.class, new DeliveryOptions().setSendTimeout(busTimeout));
    this.storage = new ObjectStorage(executor, breaker);
    this.limits = limits;
    this.downloads = new AttachmentDownloads(attachments, storage, limits);
  }

  /**
   * The object store, once opened (its client is built on a worker): the HTTP verticle listens only
   * after that, so no request meets a handler without it.
   */
  public void open(ObjectStore opened) {
    storage.open(opened);
  }

  /** Whether a request is an upload: it must reach its handler unbuffered. */
  public static boolean isUpload(HttpServerRequest request) {
    String path = request.path();
    return request.method() == io.vertx.core.http.HttpMethod.POST
        && path != null
        && (path.startsWith("/api/v1/work-orders/") || path.startsWith(REQUESTS))
        && path.endsWith("/attachments");
  }

  private static final String REQUESTS = "/api/v1/requests/";

  /**
   * What an upload path attaches to: {@code request} for {@code /api/v1/requests/{id}/attachments},
   * else {@code work_order}.
   */
  static String parentOf(String path) {
    return path != null && path.startsWith(REQUESTS) ? "request" : "work_order";
  }

  /** {@code POST /api/v1/work-orders/{id}/attachments}, streamed. */
  public Handler<RoutingContext> upload() {
    return ctx -> new AttachmentUpload(ctx, bus, attachments, storage, limits).start();
  }

  /** {@code GET /api/v1/attachments/{id}/content}: a presigned redirect, or the bytes. */
  public Handler<RoutingContext> content() {
    return downloads.content();
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
    return storage.status();
  }
}
