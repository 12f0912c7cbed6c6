package dev.wrench.app;

import dev.wrench.attachment.AttachmentVerticle;
import dev.wrench.attachment.AttachmentsConfig;
import dev.wrench.cache.CacheVerticle;
import dev.wrench.config.CacheConfig;
import dev.wrench.config.RedisConfig;
import dev.wrench.events.EventsConfig;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.metrics.Metrics;
import dev.wrench.notification.NotificationVerticle;
import dev.wrench.notification.NotificationsConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The verticles beside the HTTP ones: the cache, the attachment worker and the event pipeline (the
 * notification worker, then the outbox relay), each handed its config subtree.
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
            OutboxRelayVerticle.class.getName(),
            new DeploymentOptions()
                .setConfig(events.relayConfig())
                .setThreadingModel(ThreadingModel.WORKER))
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
    JsonObject workerConfig =
        notifications.workerConfig(events).put(Metrics.REGISTRY_KEY, registry);
    return vertx
        .deployVerticle(
            NotificationVerticle.class.getName(),
            new DeploymentOptions()
                .setConfig(workerConfig)
                .setThreadingModel(ThreadingModel.WORKER))
        .mapEmpty();
  }

  /** One cache verticle: it owns Redis (or the in-process cache) and its breaker. */
  private static Future<Void> deployCache(
      Vertx vertx, CacheConfig cache, RedisConfig redis, String registry) {
    JsonObject cacheConfig =
        new JsonObject()
            .put(Metrics.REGISTRY_KEY, registry)
            .put("enabled", cache.enabled())
            .put("key_prefix", redis.keyPrefix())
            .put(
                "ttl_seconds",
                new JsonObject()
                    .put("work-orders", cache.workOrderTtlSeconds())
                    .put("assets", cache.assetTtlSeconds())
                    .put("technicians", cache.technicianTtlSeconds()))
            .put("max_entries", cache.maxEntries())
            .put("max_megabytes", cache.maxMegabytes())
            .put("lease_timeout_ms", cache.leaseTimeoutMs());
    if (redis.configured()) {
      cacheConfig.put(
          "redis",
          new JsonObject()
              .put("url", redis.url())
              .put("timeout_ms", redis.timeoutMs())
              .put("breaker_max_failures", redis.breakerMaxFailures())
              .put("breaker_reset_ms", redis.breakerResetMs())
              .put("pool_size", redis.poolSize()));
    }
    return vertx
        .deployVerticle(
            CacheVerticle.class.getName(), new DeploymentOptions().setConfig(cacheConfig))
        .mapEmpty();
  }

  /**
   * The attachment worker (WORKER threading model: it blocks on storage and image work); the first
   * instance also sweeps deleted and orphaned objects.
   */
  private static Future<Void> deployAttachmentWorker(Vertx vertx, AttachmentsConfig attachments) {
    Future<String> first =
        vertx.deployVerticle(
            AttachmentVerticle.class.getName(),
            new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER)
                .setConfig(attachments.workerVerticleConfig(true)));
    int more = attachments.worker().instances() - 1;
    return (more > 0
            ? first.compose(
                id ->
                    vertx.deployVerticle(
                        AttachmentVerticle.class.getName(),
                        new DeploymentOptions()
                            .setThreadingModel(ThreadingModel.WORKER)
                            .setInstances(more)
                            .setConfig(attachments.workerVerticleConfig(false))))
            : first)
        .mapEmpty();
  }
}
