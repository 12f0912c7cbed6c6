package dev.wrench.notification;

import dev.wrench.core.BusError;
import dev.wrench.http.ApiHandlers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The handlers of webhook subscriptions and notification dead letters that do more than one bus
 * request: the SSRF check of a URL (it resolves the host, so off the event loop), the secret made
 * here and shown once, and the worker woken after a re-drive.
 */
public final class NotificationHandlers {

  private final Vertx vertx;
  private final WebhookService webhooks;
  private final NotificationService notifications;
  private final boolean allowPrivateTargets;
  private final long secretGraceSeconds;

  public NotificationHandlers(
      Vertx vertx,
      WebhookService webhooks,
      NotificationService notifications,
      NotificationsConfig.Webhooks config) {
    this.vertx = vertx;
    this.webhooks = webhooks;
    this.notifications = notifications;
    this.allowPrivateTargets = config.allowPrivateTargets();
    this.secretGraceSeconds = config.secretGraceSeconds();
  }

  /** {@code POST /api/v1/webhooks}: 201 with the secret, which is never shown again. */
  public Handler<RoutingContext> create() {
    return ctx -> {
      JsonObject body = ApiHandlers.body(ctx);
      String secret = WebhookSignatures.newSecret();
      checkTarget(body.getString("url"))
          .compose(ok -> webhooks.create(ApiHandlers.actor(ctx), body.copy().put("secret", secret)))
          .onSuccess(
              created -> {
                ctx.response()
                    .putHeader("Location", ctx.request().path() + "/" + created.getString("id"));
                ctx.response().putHeader("ETag", "\"" + created.getInteger("version") + "\"");
                ApiHandlers.json(ctx, 201, created.copy().put("secret", secret));
              })
          .onFailure(ctx::fail);
    };
  }

  /** {@code PATCH /api/v1/webhooks/{id}}: a new URL is checked first, then the usual patch. */
  public Handler<RoutingContext> patch(Handler<RoutingContext> patch) {
    return ctx -> {
      String url = ApiHandlers.body(ctx).getString("url");
      if (url == null) {
        patch.handle(ctx);
        return;
      }
      checkTarget(url).onSuccess(ok -> patch.handle(ctx)).onFailure(ctx::fail);
    };
  }

  /** {@code POST /api/v1/webhooks/{id}/rotate-secret}: the new secret, shown once. */
  public Handler<RoutingContext> rotateSecret() {
    return ctx -> {
      String secret = WebhookSignatures.newSecret();
      webhooks
          .rotateSecret(
              ApiHandlers.actor(ctx),
              ApiHandlers.pathId(ctx),
              new JsonObject().put("secret", secret).put("grace_seconds", secretGraceSeconds))
          .onSuccess(rotated -> ApiHandlers.json(ctx, 200, rotated.copy().put("secret", secret)))
          .onFailure(ctx::fail);
    };
  }

  /** {@code POST .../dead-letters/{id}/redrive}: the job is pending again; the worker is woken. */
  public Handler<RoutingContext> redrive() {
    return ctx ->
        notifications
            .redriveDeadLetter(ApiHandlers.actor(ctx), ApiHandlers.pathId(ctx))
            .onSuccess(
                letter -> {
                  vertx.eventBus().send(NotificationVerticle.WAKE, new JsonObject());
                  ApiHandlers.json(ctx, 200, letter);
                })
            .onFailure(ctx::fail);
  }

  private Future<Void> checkTarget(String url) {
    return vertx
        .executeBlocking(() -> WebhookTargets.refusal(url, allowPrivateTargets, false), false)
        .compose(
            refusal ->
                refusal == null
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new BusError(
                            422,
                            "webhook-target-refused",
                            "the URL " + refusal,
                            new io.vertx.core.json.JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("pointer", "/url")
                                        .put("message", refusal)))));
  }
}
