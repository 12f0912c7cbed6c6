package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events (through the database verticle) with the actor, tenant, client address and
 * request id of the request they come from. A write that fails is logged, never shown to the
 * client: the operation it records has already happened.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /** Operations audited when they succeed: operationId → {action, target type}. */
  static final Map<String, String[]> OPERATIONS =
      Map.ofEntries(
          Map.entry("createUser", new String[] {"user.create", "user"}),
          Map.entry("createOrganization", new String[] {"organization.create", "organization"}),
          Map.entry("deleteWorkOrder", new String[] {"work_order.delete", "work_order"}),
          Map.entry("deleteAsset", new String[] {"asset.delete", "asset"}),
          Map.entry("deleteTechnician", new String[] {"technician.delete", "technician"}),
          Map.entry("deleteSite", new String[] {"site.delete", "site"}),
          Map.entry("deleteTeam", new String[] {"team.delete", "team"}),
          Map.entry("createOAuthClient", new String[] {"oauth_client.create", "oauth_client"}),
          Map.entry("revokeOAuthClient", new String[] {"oauth_client.revoke", "oauth_client"}),
          Map.entry("createApiKey", new String[] {"api_key.create", "api_key"}),
          Map.entry("rotateApiKey", new String[] {"api_key.rotate", "api_key"}),
          Map.entry("revokeApiKey", new String[] {"api_key.revoke", "api_key"}));

  private final AuditRecording recording;

  AuditLog(EventBus bus, long timeoutMillis) {
    this.recording =
        BusClient.of(
            bus, AuditRecording.class, new DeliveryOptions().setSendTimeout(timeoutMillis));
  }

  /** An event of this request; {@code actor} may be null (an anonymous attempt). */
  public JsonObject event(RoutingContext ctx, String action, String outcome, Actor actor) {
    JsonObject event =
        new JsonObject()
            .put("action", action)
            .put("outcome", outcome)
            .put("address", ClientAddresses.of(ctx))
            .put("request_id", RequestContextHandler.requestId(ctx));
    if (actor != null) {
      event.put("org_id", actor.orgId().toString()).put("actor_id", actor.userId().toString());
    }
    return event;
  }

  public Future<Void> record(JsonObject event) {
    return recording
        .record(event)
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.error(
                  "Audit event {} {} was not written: {}",
                  event.getString("action"),
                  event.getString("outcome"),
                  e.getMessage());
              return Future.succeededFuture();
            });
  }

  /**
   * A route handler that records {@code operationId}'s event once its response is a success, with
   * the path id or the created resource's id as target.
   */
  Handler<RoutingContext> onSuccess(String operationId) {
    String[] spec = OPERATIONS.get(operationId);
    return ctx -> {
      ctx.addEndHandler(
          done -> {
            int status = ctx.response().getStatusCode();
            Actor actor = BearerTokenHandler.actor(ctx);
            if (status >= 300 || actor == null) {
              return;
            }
            String target = ctx.pathParam("id");
            String location = ctx.response().headers().get("Location");
            if (location != null) {
              target = location.substring(location.lastIndexOf('/') + 1);
            }
            record(
                event(ctx, spec[0], "success", actor)
                    .put("target_type", spec[1])
                    .put("target_id", target));
          });
      ctx.next();
    };
  }

  /** A refusal by the permission matrix or a row rule (403) of an authenticated caller. */
  void denied(RoutingContext ctx) {
    Actor actor = BearerTokenHandler.actor(ctx);
    if (actor == null) {
      return;
    }
    record(
        event(ctx, "permission.denied", "denied", actor)
            .put("subject", actor.role())
            .put(
                "details",
                new JsonObject()
                    .put("method", ctx.request().method().name())
                    .put("path", ctx.request().path())));
  }
}
