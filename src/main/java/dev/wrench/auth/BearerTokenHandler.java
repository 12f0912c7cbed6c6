package dev.wrench.auth;

import dev.wrench.bus.Actor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authenticates {@code Authorization: Bearer <jwt>}, puts the caller's {@link Actor} on the routing
 * context and checks the caller's role against the {@link Permissions} of the operation, before the
 * request is validated: 401, then 403, then 400. RS256 verification costs more than the database
 * read it guards, so verified tokens are kept (bounded, until they expire) per HTTP verticle
 * instance: one event loop touches a cache, so it needs no locking.
 */
public final class BearerTokenHandler implements JWTAuthHandler {

  public static final String ACTOR = "wrench.actor";
  private static final String BEARER = "Bearer ";

  private final TokenService tokens;
  private final Permissions permissions;
  private final Map<String, TokenService.Verified> verified;

  public BearerTokenHandler(TokenService tokens, Permissions permissions, int cacheSize) {
    this.tokens = tokens;
    this.permissions = permissions;
    this.verified =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TokenService.Verified> eldest) {
            return size() > cacheSize;
          }
        };
  }

  public static Actor actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(new HttpException(401, "a bearer token is required"));
      return;
    }
    String token = header.substring(BEARER.length()).trim();
    TokenService.Verified hit = verified.get(token);
    long now = System.currentTimeMillis() / 1000;
    if (hit != null && hit.expiresAt() > now) {
      authorize(ctx, hit.actor());
      return;
    }
    if (hit != null) {
      verified.remove(token);
    }
    tokens
        .verify(token)
        .onComplete(
            result -> {
              if (result.failed()) {
                ctx.fail(new HttpException(401, "the bearer token is invalid or expired"));
                return;
              }
              verified.put(token, result.result());
              authorize(ctx, result.result().actor());
            });
  }

  private void authorize(RoutingContext ctx, Actor actor) {
    ctx.put(ACTOR, actor);
    Object operation = ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    String operationId = operation instanceof Operation op ? op.getOperationId() : null;
    if (operationId == null || !permissions.allows(operationId, actor.role())) {
      ctx.fail(new HttpException(403, "the " + actor.role() + " role may not " + operationId));
      return;
    }
    ctx.next();
  }

  /** Scopes are not used by Wrench's tokens yet: every token carries the single scope "api". */
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
