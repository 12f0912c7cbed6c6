package dev.wrench.notification;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.bus.Addresses;
import dev.wrench.core.BusError;
import dev.wrench.http.ApiHandlers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * The handlers of webhook subscriptions and notification dead letters that do more than one bus
 * request: the SSRF check of a URL (it resolves the host, so off the event loop), the secret made
 * here and shown once, and the worker woken after a re-drive.
 */
public final class NotificationHandlers {

  private final Vertx vertx;
  private final DeliveryOptions delivery;
  private final boolean allowPrivateTargets;
  private final long secretGraceSeconds;

  public NotificationHandlers(Vertx vertx, long timeoutMillis, JsonObject config) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.allowPrivateTargets = config.getBoolean("allow_private_targets", false);
    this.secretGraceSeconds = config.getLong("secret_grace_seconds", 86_400L);
  }

  /** {@code POST /api/v1/webhooks}: 201 with the secret, which is never shown again. */
  public Handler<RoutingContext> create() {
    return ctx -> {
      JsonObject body = body(ctx);
      String secret = WebhookSignatures.newSecret();
      checkTarget(body.getString("url"))
          .compose(
              ok ->
                  request(
                      Addresses.WEBHOOKS_CREATE,
                      base(ctx).put("body", body.copy().put("secret", secret))))
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
      String url = body(ctx).getString("url");
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
      request(
              Addresses.WEBHOOKS_ROTATE_SECRET,
              base(ctx)
                  .put("id", pathId(ctx))
                  .put(
                      "body",
                      new JsonObject()
                          .put("secret", secret)
                          .put("grace_seconds", secretGraceSeconds)))
          .onSuccess(rotated -> ApiHandlers.json(ctx, 200, rotated.copy().put("secret", secret)))
          .onFailure(ctx::fail);
    };
  }

  /** {@code POST .../dead-letters/{id}/redrive}: the job is pending again; the worker is woken. */
  public Handler<RoutingContext> redrive() {
    return ctx ->
        request(Addresses.NOTIFICATION_DEAD_LETTERS_REDRIVE, base(ctx).put("id", pathId(ctx)))
            .onSuccess(
                letter -> {
                  vertx.eventBus().send(Addresses.NOTIFICATIONS_WAKE, new JsonObject());
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

  private Future<JsonObject> request(String address, JsonObject message) {
    return vertx
        .eventBus()
        .<JsonObject>request(address, message, delivery)
        .map(io.vertx.core.eventbus.Message::body);
  }

  private static JsonObject base(RoutingContext ctx) {
    return new JsonObject().put("actor", BearerTokenHandler.actor(ctx).toJson());
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  private static String pathId(RoutingContext ctx) {
    return validated(ctx).getPathParameters().get("id").getString();
  }

  private static JsonObject body(RoutingContext ctx) {
    RequestParameter body = validated(ctx).getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }
}
