package dev.wrench.attachment;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.RouteContext;
import dev.wrench.metrics.BreakerGauges;
import dev.wrench.store.StoreContext;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments of work orders and of requests (a request's linked to its work order on approval,
 * V86): streamed uploads into the object store, downloads, the worker's queue and its dead letters.
 */
public final class AttachmentFeature implements Feature {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentFeature.class);

  private final AttachmentsConfig config;

  public AttachmentFeature(AttachmentsConfig config) {
    this.config = config;
  }

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
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor("wrench-attachments", config.workerPoolSize());
    AttachmentService attachments = routes.service(AttachmentService.class);
    CircuitBreaker breaker = breaker(vertx, config);
    // wrench_circuit_breaker_state{name="object-storage"}, the worst of the HTTP verticles'.
    Runnable breakerGauge = BreakerGauges.track(routes.meters(), breaker);
    AttachmentHandlers handlers =
        new AttachmentHandlers(
            vertx.eventBus(), routes.busTimeoutMs(), workers, breaker, limits(config));
    Future<ObjectStore> opened = vertx.executeBlocking(() -> ObjectStores.create(config), false);
    routes.prepare(opened.onSuccess(handlers::open));
    routes.onStop(
        () -> {
          breakerGauge.run();
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
    routes.handle("createRequestAttachment", handlers.upload());
    routes.handle("listRequestAttachments", api.subList(attachments::listOfRequest));
    routes.handle("getAttachment", api.get(attachments::get));
    routes.handle("deleteAttachment", handlers.delete());
    routes.handle("getAttachmentContent", handlers.content());
    routes.handle("listAttachmentDeadLetters", api.list(attachments::deadLetters));
    routes.handle("retryAttachmentDeadLetter", handlers.retryDeadLetter());
  }

  private static CircuitBreaker breaker(Vertx vertx, AttachmentsConfig config) {
    return CircuitBreaker.create(
            "object-storage",
            vertx,
            new CircuitBreakerOptions()
                .setTimeout(config.s3().timeoutMs())
                .setMaxFailures(config.breakerMaxFailures())
                .setResetTimeout(config.breakerResetMs())
                .setNotificationAddress(null))
        .openHandler(
            v -> LOG.warn("Object storage circuit breaker open: uploads fail fast with 503"))
        .closeHandler(v -> LOG.info("Object storage circuit breaker closed: storage answers"));
  }

  private static AttachmentHandlers.Limits limits(AttachmentsConfig config) {
    return new AttachmentHandlers.Limits(
        config.maxSizeBytes(),
        config.maxPerWorkOrder(),
        new ContentTypes(new HashSet<>(config.allowedTypes())),
        Duration.ofSeconds(config.presignTtlSeconds()),
        config.streamDownloads());
  }
}
