package dev.wrench.auth;

import dev.wrench.core.Actor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * Authenticates {@code Authorization: Bearer <jwt>} or {@code ApiKey <key>}, puts the caller's
 * {@link Actor} on the routing context and checks the caller's role against the {@link Permissions}
 * of the operation, before the request is validated: 401, then 403, then 400. Verified tokens are
 * kept in {@link VerifiedTokens}.
 */
public final class BearerTokenHandler implements JWTAuthHandler {

  public static final String ACTOR = "wrench.actor";

  private final VerifiedTokens tokens;
  private final Permissions permissions;
  private final ApiKeys apiKeys;

  public BearerTokenHandler(VerifiedTokens tokens, Permissions permissions, ApiKeys apiKeys) {
    this.tokens = tokens;
    this.permissions = permissions;
    this.apiKeys = apiKeys;
  }

  public static Actor actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String apiKey = ApiKeys.apiKey(authorization);
    if (apiKey != null) {
      apiKeys
          .authenticate(apiKey)
          .onComplete(
              result -> {
                if (result.failed()) {
                  tokens.apiKeyAuthenticated(apiKey, null);
                  ctx.fail(new HttpException(401, "the API key is invalid, expired or revoked"));
                  return;
                }
                tokens.apiKeyAuthenticated(apiKey, result.result().actor());
                authorize(ctx, result.result());
              });
      return;
    }
    String token = VerifiedTokens.bearerToken(authorization);
    if (token == null) {
      ctx.fail(new HttpException(401, "a bearer token is required"));
      return;
    }
    TokenService.Verified cached = tokens.lookup(token);
    if (cached != null) {
      authorize(ctx, cached);
      return;
    }
    tokens
        .verified(token)
        .onComplete(
            result -> {
              if (result.failed()) {
                ctx.fail(new HttpException(401, "the bearer token is invalid or expired"));
                return;
              }
              authorize(ctx, result.result());
            });
  }

  private void authorize(RoutingContext ctx, TokenService.Verified verified) {
    Actor actor = verified.actor();
    ctx.put(ACTOR, actor);
    Object operation = ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    String operationId = operation instanceof Operation op ? op.getOperationId() : null;
    boolean allowed =
        operationId != null
            && (permissions.allows(operationId, actor.role())
                || (verified.platformAdmin()
                    && permissions.allows(operationId, Permissions.PLATFORM_ADMIN)));
    if (!allowed) {
      ctx.fail(new HttpException(403, "the " + actor.role() + " role may not " + operationId));
      return;
    }
    if (!Scopes.permit(verified.scopes(), ctx.request().method())) {
      ctx.fail(
          new HttpException(
              403, "the token's scope " + verified.scopes() + " does not cover " + operationId));
      return;
    }
    ctx.next();
  }

  /** Scopes are checked by {@link Scopes} from the token itself, not configured per route. */
  @Override
  public JWTAuthHandler scopeDelimiter(String delimiter) {
    return this;
  }

  @Override
  public JWTAuthHandler withScope(String scope) {
    return this;
  }

  @Override
  public JWTAuthHandler withScopes(List<String> scopes) {
    return this;
  }
}
