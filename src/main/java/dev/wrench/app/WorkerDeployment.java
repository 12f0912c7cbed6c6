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
import java.util.List;
import java.util.stream.Stream;

/**
 * The verticles beside the HTTP ones: the cache, the attachment worker and the event pipeline (the
 * notification worker, then the outbox relay), each handed its typed settings.
 */
final class WorkerDeployment {

  /**
   * What {@link #deploy} started, by what stops first at shutdown: the relay (it hands its lease on
   * through the database verticles), then the workers, then the cache they may call.
   */
  record Deployed(List<String> relay, List<String> workers, List<String> cache) {
    static final Deployed NONE = new Deployed(List.of(), List.of(), List.of());
  }

  private WorkerDeployment() {}

  /**
   * The cache, the attachment worker and the event pipeline start side by side (on two cores,
   * start-up is CPU-bound: class loading and the JIT). The relay starts after the notification
   * worker: in-process delivery hands events to its intake, and an event handed over before the
   * intake exists would count as "notifications off" and be published without its notifications.
   */
  static Future<Deployed> deploy(Vertx vertx, AppConfig config, String registry) {
    Future<List<String>> cache = deployCache(vertx, config.cache(), config.redis(), registry);
    Future<List<String>> attachments = deployAttachmentWorker(vertx, config.attachments());
    Future<List<String>> notifications =
        deployNotifications(vertx, config.notifications(), config.events(), registry);
    Future<List<String>> relay = notifications.compose(v -> deployRelay(vertx, config.events()));
    return Future.all(cache, attachments, notifications, relay)
        .map(
            all ->
                new Deployed(
                    relay.result(),
                    Stream.concat(notifications.result().stream(), attachments.result().stream())
                        .toList(),
                    cache.result()));
  }

  /**
   * One outbox relay per instance (a worker: it waits on Kafka); the relay lease lets one of them
   * publish at a time.
   */
  private static Future<List<String>> deployRelay(Vertx vertx, EventsConfig events) {
    return vertx
        .deployVerticle(
            () -> new OutboxRelayVerticle(events),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .map(List::of);
  }

  /**
   * The notification worker (WORKER threading model), one per instance: with Kafka the instances
   * share the events through their consumer group; their jobs through PostgreSQL.
   */
  private static Future<List<String>> deployNotifications(
      Vertx vertx, NotificationsConfig notifications, EventsConfig events, String registry) {
    if (!notifications.enabled()) {
      return Future.succeededFuture(List.of());
    }
    return vertx
        .deployVerticle(
            () -> new NotificationVerticle(notifications, events, registry),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .map(List::of);
  }

  /** The cache verticles, one per event loop: they own Redis (or the in-process cache). */
  private static Future<List<String>> deployCache(
      Vertx vertx, CacheConfig cache, RedisConfig redis, String registry) {
    // One per event loop: each HTTP verticle's lookups stay on its own loop (bus.SameLoop).
    return vertx
        .deployVerticle(
            CacheVerticle.perEventLoop(cache, redis, registry),
            new DeploymentOptions().setInstances(EventLoops.instances(0)))
        .map(List::of);
  }

  /**
   * The attachment worker (WORKER threading model: it blocks on storage and image work); the first
   * instance also sweeps deleted and orphaned objects.
   */
  private static Future<List<String>> deployAttachmentWorker(
      Vertx vertx, AttachmentsConfig attachments) {
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    Future<String> first = vertx.deployVerticle(new AttachmentVerticle(attachments, true), worker);
    int more = attachments.worker().instances() - 1;
    if (more <= 0) {
      return first.map(List::of);
    }
    return first.compose(
        sweeper ->
            vertx
                .deployVerticle(
                    () -> new AttachmentVerticle(attachments, false),
                    new DeploymentOptions()
                        .setThreadingModel(ThreadingModel.WORKER)
                        .setInstances(more))
                .map(rest -> List.of(sweeper, rest)));
  }
}
