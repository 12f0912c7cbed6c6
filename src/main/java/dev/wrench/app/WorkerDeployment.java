package dev.wrench.app;

import dev.wrench.attachment.AttachmentVerticle;
import dev.wrench.attachment.AttachmentsConfig;
import dev.wrench.cache.CacheVerticle;
import dev.wrench.config.CacheConfig;
import dev.wrench.config.RedisConfig;
import dev.wrench.events.EventsConfig;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.notification.NotificationVerticle;
import dev.wrench.notification.NotificationsConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;

/**
 * The verticles beside the HTTP ones: the cache, the attachment worker and the event pipeline (the
 * notification worker, then the outbox relay), each handed its typed settings.
 */
final class WorkerDeployment {

  private WorkerDeployment() {}

  /**
   * The cache, the attachment worker and the event pipeline start side by side (on two cores,
   * start-up is CPU-bound: class loading and the JIT). The relay starts after the notification
   * worker: in-process delivery hands events to its intake, and an event handed over before the
   * intake exists would count as "notifications off" and be published without its notifications.
   */
  static Future<Void> deploy(Vertx vertx, AppConfig config, String registry) {
    return Future.all(
            deployCache(vertx, config.cache(), config.redis(), registry),
            deployAttachmentWorker(vertx, config.attachments()),
            deployNotifications(vertx, config.notifications(), config.events(), registry)
                .compose(v -> deployRelay(vertx, config.events())))
        .mapEmpty();
  }

  /**
   * One outbox relay per instance (a worker: it waits on Kafka); the relay lease lets one of them
   * publish at a time.
   */
  private static Future<Void> deployRelay(Vertx vertx, EventsConfig events) {
    return vertx
        .deployVerticle(
            () -> new OutboxRelayVerticle(events),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .mapEmpty();
  }

  /**
   * The notification worker (WORKER threading model), one per instance: with Kafka the instances
   * share the events through their consumer group; their jobs through PostgreSQL.
   */
  private static Future<Void> deployNotifications(
      Vertx vertx, NotificationsConfig notifications, EventsConfig events, String registry) {
    if (!notifications.enabled()) {
      return Future.succeededFuture();
    }
    return vertx
        .deployVerticle(
            () -> new NotificationVerticle(notifications, events, registry),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .mapEmpty();
  }

  /** One cache verticle: it owns Redis (or the in-process cache) and its breaker. */
  private static Future<Void> deployCache(
      Vertx vertx, CacheConfig cache, RedisConfig redis, String registry) {
    return vertx.deployVerticle(new CacheVerticle(cache, redis, registry)).mapEmpty();
  }

  /**
   * The attachment worker (WORKER threading model: it blocks on storage and image work); the first
   * instance also sweeps deleted and orphaned objects.
   */
  private static Future<Void> deployAttachmentWorker(Vertx vertx, AttachmentsConfig attachments) {
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    Future<String> first = vertx.deployVerticle(new AttachmentVerticle(attachments, true), worker);
    int more = attachments.worker().instances() - 1;
    return (more > 0
            ? first.compose(
                id ->
                    vertx.deployVerticle(
                        () -> new AttachmentVerticle(attachments, false),
                        new DeploymentOptions()
                            .setThreadingModel(ThreadingModel.WORKER)
                            .setInstances(more)))
            : first)
        .mapEmpty();
  }
}
