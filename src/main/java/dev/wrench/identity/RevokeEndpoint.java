package dev.wrench.identity;

import dev.wrench.auth.Secrets;
import dev.wrench.auth.TokenService;
import dev.wrench.bus.BusClient;
import dev.wrench.http.AuditLog;
import dev.wrench.http.OAuthErrors;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /oauth/revoke} (RFC 7009). A refresh token is revoked with its whole family (every
 * token rotated from the same log-in), so that the access it granted ends. Answers 200 for a token
 * it does not know (§2.2: the client cannot tell, and need not care). Access tokens are short-lived
 * JWTs checked without a database round trip, so they are not revocable: a valid one gets {@code
 * unsupported_token_type} (§2.2.1) rather than a 200 that would pretend otherwise.
 */
public final class RevokeEndpoint implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final TokenService tokens;
  private final DeliveryOptions delivery;
  private final RefreshTokenService refreshTokens;
  private final AuditLog audit;

  public RevokeEndpoint(Vertx vertx, TokenService tokens, AuditLog audit, long timeoutMillis) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.audit = audit;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.refreshTokens = BusClient.of(vertx.eventBus(), RefreshTokenService.class, delivery);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null
        || !contentType
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded")) {
      OAuthErrors.send(
          ctx, 400, "invalid_request", "send the parameters as application/x-www-form-urlencoded");
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String token = form.get("token");
    if (token == null || token.isEmpty() || token.length() > 4096) {
      OAuthErrors.send(ctx, 400, "invalid_request", "token is required");
      return;
    }
    if (token.startsWith(TokenGrants.REFRESH_PREFIX)) {
      revokeRefresh(ctx, token);
      return;
    }
    tokens
        .verify(token)
        .onSuccess(
            valid ->
                OAuthErrors.send(
                    ctx,
                    400,
                    "unsupported_token_type",
                    "access tokens are not revocable; they expire in at most "
                        + tokens.ttlSeconds()
                        + " seconds"))
        .onFailure(unknown -> revokeRefresh(ctx, token));
  }

  private void revokeRefresh(RoutingContext ctx, String token) {
    refreshTokens
        .revoke(new JsonObject().put("token_hash", Secrets.digest(token)))
        .onSuccess(
            reply -> {
              if (reply.getBoolean("revoked", false)) {
                audit.record(
                    audit
                        .event(ctx, "token.revoke", "success", null)
                        .put("org_id", reply.getString("org_id"))
                        .put("actor_id", reply.getString("user_id")));
              }
              ctx.response().setStatusCode(200).end();
            })
        .onFailure(ctx::fail);
  }
}
