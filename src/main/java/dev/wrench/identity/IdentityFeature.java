package dev.wrench.identity;

import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.LoginThrottle;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;

/**
 * Who may call: users, organizations, OAuth clients, API keys, and the token endpoints that turn
 * them into access tokens.
 */
public final class IdentityFeature implements Feature {

  private final int refreshTokenTtlSeconds;
  private final LoginThrottle loginThrottle;

  /**
   * {@code refreshTokenTtlSeconds}: the life of one refresh token; {@code loginThrottle}: the
   * brute-force limits of the password grant.
   */
  public IdentityFeature(int refreshTokenTtlSeconds, LoginThrottle loginThrottle) {
    this.refreshTokenTtlSeconds = refreshTokenTtlSeconds;
    this.loginThrottle = loginThrottle;
  }

  @Override
  public void store(StoreContext store) {
    IdentityStores.serve(store);
  }

  @Override
  public void routes(RouteContext routes) {
    Vertx vertx = routes.vertx();
    ApiHandlers api = routes.api();
    long busTimeout = routes.busTimeoutMs();
    PasswordHasher hasher = routes.hasher();
    TokenGrants grants =
        new TokenGrants(vertx, routes.tokens(), routes.audit(), busTimeout, refreshTokenTtlSeconds);
    LoginGuard guard = new LoginGuard(vertx, loginThrottle, routes.audit(), busTimeout);
    routes.handle("issueToken", new TokenEndpoint(vertx, grants, guard, hasher, busTimeout));
    routes.handle(
        "revokeToken", new RevokeEndpoint(vertx, routes.tokens(), routes.audit(), busTimeout));
    JsonObject jwks = routes.jwks();
    routes.handle("getJwks", ctx -> ApiHandlers.json(ctx, 200, jwks));

    UserService users = routes.service(UserService.class);
    routes.handle("listUsers", api.list(users::list));
    routes.handle("getUser", api.get(users::get));
    // The password is hashed here, on a worker, so that it never travels the bus.
    routes.handle(
        "createUser",
        api.create(
            users::create,
            Location.child(),
            hashing(
                vertx,
                body -> {
                  JsonObject prepared = body.copy();
                  String password = (String) prepared.remove("password");
                  return prepared.put("password_hash", hasher.hash(password));
                })));

    OAuthClientService clients = routes.service(OAuthClientService.class);
    routes.handle("listOAuthClients", api.list(clients::list));
    routes.handle("getOAuthClient", api.get(clients::get));
    routes.handle(
        "createOAuthClient",
        api.createWithSecret(clients::create, TokenGrants.CLIENT_SECRET_PREFIX, "client_secret"));
    routes.handle("revokeOAuthClient", api.remove(clients::revoke));

    OrganizationService organizations = routes.service(OrganizationService.class);
    routes.handle("getOrganization", api.get((actor, id) -> organizations.get(id)));
    // The first admin's password is hashed here, on a worker, so that it never travels the bus.
    routes.handle(
        "createOrganization",
        api.createPrepared(
            (actor, body) -> organizations.create(body),
            hashing(
                vertx,
                body -> {
                  JsonObject prepared = body.copy();
                  JsonObject admin = prepared.getJsonObject("admin").copy();
                  String password = (String) admin.remove("password");
                  return prepared.put("admin", admin.put("password_hash", hasher.hash(password)));
                })));

    ApiKeyService keys = routes.service(ApiKeyService.class);
    routes.handle("listApiKeys", api.list(keys::list));
    routes.handle("getApiKey", api.get(keys::get));
    routes.handle("createApiKey", api.createWithSecret(keys::create, ApiKeys.PREFIX, "key"));
    routes.handle("revokeApiKey", api.remove(keys::revoke));
    routes.handle("rotateApiKey", api.rotateSecret(keys::rotate, ApiKeys.PREFIX, "key"));
  }

  /** A preparation of a body that may fail (a hash). */
  private interface Preparation {
    JsonObject apply(JsonObject body) throws Exception;
  }

  /** Prepares a body on a worker thread: password hashing is slow by design. */
  private static UnaryOperator<Future<JsonObject>> hashing(Vertx vertx, Preparation prepare) {
    return body ->
        body.compose(original -> vertx.executeBlocking(() -> prepare.apply(original), false));
  }
}
