package dev.wrench.attachment;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments of work orders: streamed uploads into the object store, downloads, the worker's queue
 * and its dead letters.
 */
public final class AttachmentFeature implements Feature {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentFeature.class);

  @Override
  public void store(StoreContext store) {
    store.serve(
        AttachmentService.class,
        new AttachmentStore(
            new AttachmentRepository(store.db()),
            new AttachmentQueueRepository(store.db()),
            new AttachmentDeadLetterRepository(store.db())));
  }

  @Override
  public void routes(RouteContext routes) {
    Vertx vertx = routes.vertx();
    JsonObject config = routes.config().getJsonObject("attachments", new JsonObject());
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor(
            "wrench-attachments", config.getInteger("worker_pool_size", 16));
    AttachmentService attachments = routes.service(AttachmentService.class);
    AttachmentHandlers handlers =
        new AttachmentHandlers(
            vertx.eventBus(),
            routes.busTimeoutMs(),
            workers,
            breaker(vertx, config),
            limits(config));
    Future<ObjectStore> opened =
        vertx.executeBlocking(
            () -> ObjectStores.create(config.getJsonObject("store", new JsonObject())), false);
    routes.prepare(opened.onSuccess(handlers::open));
    routes.onStop(
        () -> {
          workers.close();
          return opened.map(
              store -> {
                store.close();
                return null;
              });
        });
    routes.streamBody(AttachmentHandlers::isUpload);
    routes.status("object-storage", handlers::status);

    ApiHandlers api = routes.api();
    routes.handle("createAttachment", handlers.upload());
    routes.handle("listAttachments", api.subList(attachments::list));
    routes.handle("getAttachment", api.get(attachments::get));
    routes.handle("deleteAttachment", handlers.delete());
    routes.handle("getAttachmentContent", handlers.content());
    routes.handle("listAttachmentDeadLetters", api.list(attachments::deadLetters));
    routes.handle("retryAttachmentDeadLetter", handlers.retryDeadLetter());
  }

  private static CircuitBreaker breaker(Vertx vertx, JsonObject config) {
    long timeout = config.getJsonObject("store", new JsonObject()).getLong("timeout_ms", 30_000L);
    return CircuitBreaker.create(
            "object-storage",
            vertx,
            new CircuitBreakerOptions()
                .setTimeout(timeout)
                .setMaxFailures(config.getInteger("breaker_max_failures", 3))
                .setResetTimeout(config.getLong("breaker_reset_ms", 5_000L))
                .setNotificationAddress(null))
        .openHandler(
            v -> LOG.warn("Object storage circuit breaker open: uploads fail fast with 503"))
        .closeHandler(v -> LOG.info("Object storage circuit breaker closed: storage answers"));
  }

  private static AttachmentHandlers.Limits limits(JsonObject config) {
    Set<String> allowed = new HashSet<>();
    config.getJsonArray("allowed_types", new JsonArray()).forEach(t -> allowed.add((String) t));
    return new AttachmentHandlers.Limits(
        config.getLong("max_size_bytes", 50L * 1024 * 1024),
        config.getInteger("max_per_work_order", 100),
        new ContentTypes(allowed),
        Duration.ofSeconds(config.getLong("presign_ttl_seconds", 300L)),
        config.getBoolean("stream_downloads", false));
  }
}
