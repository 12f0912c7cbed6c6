package dev.wrench.notification;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/** Webhooks, their deliveries and dead letters (the worker is deployed by the application). */
public final class NotificationFeature implements Feature {

  private final NotificationsConfig.Webhooks webhooks;

  /** {@code webhooks}: the checks of subscriptions' targets and the secrets' grace period. */
  public NotificationFeature(NotificationsConfig.Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public void store(StoreContext store) {
    store.serve(
        WebhookService.class, NotificationStores.webhooks(new WebhookRepository(store.db())));
    store.serve(
        NotificationService.class,
        NotificationStores.notifications(
            new NotificationJobRepository(store.db()), new DeadLetterRepository(store.db())));
  }

  @Override
  public void routes(RouteContext routes) {
    WebhookService webhooks = routes.service(WebhookService.class);
    NotificationService notifications = routes.service(NotificationService.class);
    NotificationHandlers handlers =
        new NotificationHandlers(routes.vertx(), webhooks, notifications, this.webhooks);
    ApiHandlers api = routes.api();
    routes.handle("listWebhooks", api.list(webhooks::list));
    routes.handle("createWebhook", handlers.create());
    routes.handle("getWebhook", api.get(webhooks::get));
    routes.handle("updateWebhook", handlers.patch(api.patch(webhooks::patch, null)));
    routes.handle("deleteWebhook", api.remove(webhooks::delete));
    routes.handle("rotateWebhookSecret", handlers.rotateSecret());
    routes.handle("listWebhookDeliveries", api.subList(webhooks::deliveries));
    routes.handle("listNotificationDeadLetters", api.list(notifications::deadLetters));
    routes.handle("getNotificationDeadLetter", api.get(notifications::deadLetter));
    routes.handle("redriveNotificationDeadLetter", handlers.redrive());
  }
}
