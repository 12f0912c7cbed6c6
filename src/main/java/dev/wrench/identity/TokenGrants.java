package dev.wrench.identity;

import dev.wrench.auth.Scopes;
import dev.wrench.auth.Secrets;
import dev.wrench.auth.TokenService;
import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.AuditLog;
import dev.wrench.http.OAuthErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The grants of {@code POST /oauth/token} beyond {@code password}: {@code client_credentials}
 * (registered clients, secret in {@code Authorization: Basic} or the form) and {@code
 * refresh_token} (single use, rotated, reuse revokes the family), and the token response all grants
 * share. Errors are RFC 6749 §5.2 JSON, not problem+json.
 */
public final class TokenGrants {

  static final String REFRESH_PREFIX = "wrt_";
  public static final String CLIENT_SECRET_PREFIX = "wcs_";

  private final Vertx vertx;
  private final TokenService tokens;
  private final DeliveryOptions delivery;
  private final RefreshTokenService refreshTokens;
  private final OAuthClientService clients;
  private final int refreshTtlSeconds;
  private final AuditLog audit;

  public TokenGrants(
      Vertx vertx, TokenService tokens, AuditLog audit, long timeoutMillis, int refreshTtlSeconds) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.audit = audit;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.refreshTokens = BusClient.of(vertx.eventBus(), RefreshTokenService.class, delivery);
    this.clients = BusClient.of(vertx.eventBus(), OAuthClientService.class, delivery);
    this.refreshTtlSeconds = refreshTtlSeconds;
  }

  /** Answers a grant other than {@code password}. */
  void handle(RoutingContext ctx, String grantType, MultiMap form) {
    switch (grantType) {
      case "client_credentials" -> clientCredentials(ctx, form);
      case "refresh_token" -> refresh(ctx, form);
      default ->
          OAuthErrors.send(
              ctx,
              400,
              "unsupported_grant_type",
              "supported: password, client_credentials, refresh_token");
    }
  }

  /**
   * The token response: an access token and, for people (not clients, RFC 6749 §4.4.3), a refresh
   * token that starts a new family.
   */
  void respond(RoutingContext ctx, Actor actor, String scope, String clientId, boolean refresh) {
    respond(ctx, actor, scope, clientId, refresh, false);
  }

  void respond(
      RoutingContext ctx,
      Actor actor,
      String scope,
      String clientId,
      boolean refresh,
      boolean platformAdmin) {
    if (!refresh) {
      send(ctx, actor, scope, clientId, null, platformAdmin);
      return;
    }
    String refreshToken = Secrets.random(REFRESH_PREFIX);
    JsonObject message =
        new JsonObject()
            .put("org_id", actor.orgId().toString())
            .put("user_id", actor.userId().toString())
            .put("token_hash", Secrets.digest(refreshToken))
            .put("scope", scope)
            .put("ttl_seconds", refreshTtlSeconds);
    refreshTokens
        .issue(message)
        .onSuccess(reply -> send(ctx, actor, scope, clientId, refreshToken, platformAdmin))
        .onFailure(ctx::fail);
  }

  private void send(
      RoutingContext ctx,
      Actor actor,
      String scope,
      String clientId,
      String refreshToken,
      boolean platformAdmin) {
    JsonObject body =
        new JsonObject()
            .put("access_token", tokens.issue(actor, scope, clientId, platformAdmin))
            .put("token_type", "Bearer")
            .put("expires_in", tokens.ttlSeconds())
            .put("scope", scope);
    if (refreshToken != null) {
      body.put("refresh_token", refreshToken);
    }
    ctx.response().putHeader("Pragma", "no-cache");
    ApiHandlers.json(ctx, 200, body);
  }

  private void clientCredentials(RoutingContext ctx, MultiMap form) {
    String[] credentials = clientCredentials(ctx.request().getHeader("Authorization"), form);
    if (credentials == null) {
      OAuthErrors.send(
          ctx,
          400,
          "invalid_request",
          "send client_id and client_secret once: in Authorization: Basic or in the form");
      return;
    }
    Set<String> requested = scopes(form.get("scope"));
    String clientId = credentials[0];
    String presented = Secrets.digest(credentials[1]);
    clients
        .find(clientId)
        .recover(TokenGrants::notFoundAsNull)
        .onSuccess(
            client -> {
              // An unknown client and a wrong secret get the same answer.
              if (client == null
                  || !Secrets.sameDigest(presented, client.getString("secret_hash"))
                  || !client.getBoolean("active", false)) {
                audit.record(
                    audit
                        .event(ctx, "auth.client_credentials", "failure", null)
                        .put("subject", clientId)
                        .put("org_id", client == null ? null : client.getString("org_id")));
                ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"wrench\"");
                OAuthErrors.send(ctx, 401, "invalid_client", "client authentication failed");
                return;
              }
              Set<String> granted =
                  new LinkedHashSet<>(
                      client.getJsonArray("scopes").stream().map(String::valueOf).toList());
              if (requested != null && !Scopes.covers(granted, requested)) {
                OAuthErrors.send(
                    ctx, 400, "invalid_scope", "the client is granted only " + granted);
                return;
              }
              Actor actor =
                  new Actor(
                      UUID.fromString(client.getString("user_id")),
                      UUID.fromString(client.getString("org_id")),
                      client.getString("role"),
                      client.getBoolean("site_scoped", false));
              audit.record(
                  audit
                      .event(ctx, "auth.client_credentials", "success", actor)
                      .put("subject", clientId)
                      .put("target_type", "oauth_client")
                      .put("target_id", client.getString("id")));
              respond(
                  ctx,
                  actor,
                  String.join(" ", requested == null ? granted : requested),
                  client.getString("id"),
                  false);
            })
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx, MultiMap form) {
    String presented = form.get("refresh_token");
    if (presented == null || presented.isEmpty() || presented.length() > 200) {
      OAuthErrors.send(ctx, 400, "invalid_request", "refresh_token is required");
      return;
    }
    Set<String> requested = scopes(form.get("scope"));
    String next = Secrets.random(REFRESH_PREFIX);
    JsonObject message =
        new JsonObject()
            .put("token_hash", Secrets.digest(presented))
            .put("new_token_hash", Secrets.digest(next))
            .put("ttl_seconds", refreshTtlSeconds);
    refreshTokens
        .rotate(message)
        .onSuccess(
            reply -> {
              JsonObject grant = reply;
              Set<String> original = scopes(grant.getString("scope"));
              // A refresh may narrow the scope of its access token, never widen it (§6).
              if (requested != null && !Scopes.covers(original, requested)) {
                OAuthErrors.send(ctx, 400, "invalid_scope", "the grant covers only " + original);
                return;
              }
              Actor actor =
                  new Actor(
                      UUID.fromString(grant.getString("user_id")),
                      UUID.fromString(grant.getString("org_id")),
                      grant.getString("role"),
                      grant.getBoolean("site_scoped", false));
              String scope =
                  requested == null ? grant.getString("scope") : String.join(" ", requested);
              audit.record(audit.event(ctx, "token.refresh", "success", actor));
              send(ctx, actor, scope, null, next, grant.getBoolean("platform_admin", false));
            })
        .onFailure(
            e -> {
              BusError error = e instanceof ReplyException reply ? BusError.fromReply(reply) : null;
              if (error != null && error.slug().equals("invalid-grant")) {
                // A reused token means a copy is loose: the family is already revoked.
                audit.record(
                    audit
                        .event(ctx, "token.refresh", "failure", null)
                        .put("details", new JsonObject().put("reason", error.detail())));
                OAuthErrors.send(
                    ctx, 400, "invalid_grant", "the refresh token is invalid, expired or revoked");
                return;
              }
              ctx.fail(e);
            });
  }

  /**
   * {client_id, client_secret} from {@code Authorization: Basic} (RFC 6749 §2.3.1: each part
   * form-url-encoded) or from the form; null when absent, incomplete or sent both ways.
   */
  static String[] clientCredentials(String authorization, MultiMap form) {
    String formId = form.get("client_id");
    String formSecret = form.get("client_secret");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    if (basic) {
      if (formSecret != null) {
        return null;
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      try {
        return checked(
            URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
            URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEncoding) {
        return null;
      }
    }
    return checked(formId, formSecret);
  }

  private static String[] checked(String id, String secret) {
    if (id == null
        || secret == null
        || id.isEmpty()
        || secret.isEmpty()
        || id.length() > 100
        || secret.length() > 200) {
      return null;
    }
    return new String[] {id, secret};
  }

  /** The scopes of a {@code scope} parameter, or null when it is absent or empty. */
  static Set<String> scopes(String scope) {
    if (scope == null || scope.isBlank()) {
      return null;
    }
    return new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
  }

  private static Future<JsonObject> notFoundAsNull(Throwable e) {
    return e instanceof ReplyException reply && reply.failureCode() == 404
        ? Future.succeededFuture((JsonObject) null)
        : Future.failedFuture(e);
  }
}
