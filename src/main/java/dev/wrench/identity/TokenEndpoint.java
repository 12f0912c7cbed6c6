package dev.wrench.identity;

import dev.wrench.auth.PasswordHasher;
import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import dev.wrench.http.OAuthErrors;
import dev.wrench.http.StorableText;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * {@code POST /oauth/token} (RFC 6749): the password grant here, the others in {@link TokenGrants}.
 * Its form body is outside what the OpenAPI validator reads, so this handler checks it against the
 * same limits as the contract. An unknown account and a wrong password take the same time and give
 * the same answer.
 */
public final class TokenEndpoint implements Handler<RoutingContext> {

  public static final String PATH = "/oauth/token";

  private final Vertx vertx;
  private final PasswordHasher hasher;
  private final DeliveryOptions delivery;
  private final UserService users;
  private final TokenGrants grants;
  private final LoginGuard guard;

  public TokenEndpoint(
      Vertx vertx,
      TokenGrants grants,
      LoginGuard guard,
      PasswordHasher hasher,
      long timeoutMillis) {
    this.vertx = vertx;
    this.grants = grants;
    this.guard = guard;
    this.hasher = hasher;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.users = BusClient.of(vertx.eventBus(), UserService.class, delivery);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      OAuthErrors.send(
          ctx, 400, "invalid_request", "send the parameters as application/x-www-form-urlencoded");
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String grantType = form.get("grant_type");
    if (grantType == null) {
      OAuthErrors.send(ctx, 400, "invalid_request", "grant_type is required");
      return;
    }
    if (!grantType.equals("password")) {
      grants.handle(ctx, grantType, form);
      return;
    }
    String username = form.get("username");
    String password = form.get("password");
    if (username == null
        || username.isEmpty()
        || username.length() > 320
        || password == null
        || password.isEmpty()
        || password.length() > 1024) {
      OAuthErrors.send(ctx, 400, "invalid_request", "username and password are required");
      return;
    }
    if (!StorableText.isStorable(username) || !StorableText.isStorable(password)) {
      OAuthErrors.send(
          ctx, 400, "invalid_request", "username and password " + StorableText.MESSAGE);
      return;
    }
    guard
        .admit(ctx, username)
        .compose(admitted -> users.findCredentials(username))
        .recover(
            e ->
                e instanceof ReplyException reply && reply.failureCode() == 404
                    ? Future.succeededFuture((JsonObject) null)
                    : Future.failedFuture(e))
        .compose(
            account ->
                vertx.executeBlocking(
                    () -> {
                      boolean matches =
                          hasher.verify(
                              password,
                              account == null ? null : account.getString("password_hash"));
                      return matches && account.getBoolean("active", false) ? account : null;
                    },
                    false))
        .onSuccess(
            account -> {
              if (account == null) {
                guard
                    .failed(ctx, username)
                    .onComplete(
                        counted ->
                            OAuthErrors.send(
                                ctx, 400, "invalid_grant", "the username or password is wrong"));
                return;
              }
              Actor actor =
                  new Actor(
                      UUID.fromString(account.getString("id")),
                      UUID.fromString(account.getString("org_id")),
                      account.getString("role"),
                      account.getBoolean("site_scoped", false));
              guard.succeeded(ctx, username, actor);
              grants.respond(
                  ctx, actor, "api", null, true, account.getBoolean("platform_admin", false));
            })
        .onFailure(e -> LoginGuard.fail(ctx, e));
  }
}
