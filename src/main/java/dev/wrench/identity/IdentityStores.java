package dev.wrench.identity;

import dev.wrench.auth.ApiKeyAuthentication;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import dev.wrench.store.StoreContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of the identity contracts: each a thin adapter of its repository. */
final class IdentityStores {

  private IdentityStores() {}

  static void serve(StoreContext store) {
    UserRepository users = new UserRepository(store.db());
    OAuthRepository oauth = new OAuthRepository(store.db());
    ApiKeyRepository apiKeys = new ApiKeyRepository(store.db());
    LoginFailureRepository loginFailures = new LoginFailureRepository(store.db());
    OrganizationRepository organizations = new OrganizationRepository(store.db());
    store.serve(UserService.class, users(users, store.idempotency()));
    store.serve(OAuthClientService.class, clients(oauth));
    store.serve(RefreshTokenService.class, refreshTokens(oauth));
    store.serve(ApiKeyService.class, apiKeys(apiKeys));
    store.serve(ApiKeyAuthentication.class, (ApiKeyAuthentication) apiKeys::authenticate);
    store.serve(LoginFailureService.class, loginFailures(loginFailures));
    store.serve(OrganizationService.class, organizations(organizations));
    if (store.sweeper()) {
      store.every(
          3_600_000,
          "Sweeping expired refresh tokens and log-in failures",
          () -> oauth.sweepRefresh().compose(v -> loginFailures.sweep()));
    }
  }

  private static UserService users(UserRepository users, IdempotencyStore idempotency) {
    return new UserService() {
      @Override
      public Future<JsonObject> list(Actor actor, JsonObject query) {
        return users.list(actor, query);
      }

      @Override
      public Future<JsonObject> get(Actor actor, String id) {
        return users.get(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> create(Actor actor, CreateRequest request) {
        return idempotency.create(
            ADDRESS + ".create",
            actor,
            request,
            client -> users.create(client, actor, request.body()));
      }

      @Override
      public Future<JsonObject> findCredentials(String email) {
        return users.findCredentials(email);
      }

      @Override
      public Future<JsonObject> bootstrapNeeded() {
        return users.bootstrapNeeded();
      }

      @Override
      public Future<JsonObject> bootstrapAdmin(String email, String passwordHash) {
        return users.bootstrapAdmin(email, passwordHash);
      }

      @Override
      public Future<JsonObject> changeAccount(JsonObject change) {
        return users.changeAccount(change);
      }
    };
  }

  private static OAuthClientService clients(OAuthRepository oauth) {
    return new OAuthClientService() {
      @Override
      public Future<JsonObject> create(Actor actor, JsonObject body) {
        return oauth.createClient(actor, body);
      }

      @Override
      public Future<JsonObject> list(Actor actor, JsonObject query) {
        return oauth.listClients(actor, query);
      }

      @Override
      public Future<JsonObject> get(Actor actor, String id) {
        return oauth.getClient(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> revoke(Actor actor, String id) {
        return oauth.revokeClient(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> find(String clientId) {
        return oauth.findClient(clientId);
      }
    };
  }

  private static RefreshTokenService refreshTokens(OAuthRepository oauth) {
    return new RefreshTokenService() {
      @Override
      public Future<JsonObject> issue(JsonObject request) {
        return oauth.issueRefresh(request);
      }

      @Override
      public Future<JsonObject> rotate(JsonObject request) {
        return oauth.rotateRefresh(request);
      }

      @Override
      public Future<JsonObject> revoke(JsonObject request) {
        return oauth.revokeRefresh(request);
      }
    };
  }

  private static ApiKeyService apiKeys(ApiKeyRepository keys) {
    return new ApiKeyService() {
      @Override
      public Future<JsonObject> create(Actor actor, JsonObject body) {
        return keys.create(actor, body);
      }

      @Override
      public Future<JsonObject> list(Actor actor, JsonObject query) {
        return keys.list(actor, query);
      }

      @Override
      public Future<JsonObject> get(Actor actor, String id) {
        return keys.get(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> revoke(Actor actor, String id) {
        return keys.revoke(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> rotate(Actor actor, String id, JsonObject body) {
        return keys.rotate(actor, Params.pathId(id), body);
      }
    };
  }

  private static LoginFailureService loginFailures(LoginFailureRepository failures) {
    return new LoginFailureService() {
      @Override
      public Future<JsonObject> state(JsonObject request) {
        return failures.state(request);
      }

      @Override
      public Future<JsonObject> recordFailure(JsonObject request) {
        return failures.recordFailure(request);
      }

      @Override
      public Future<JsonObject> clear(JsonObject request) {
        return failures.clear(request);
      }
    };
  }

  /**
   * Platform operations: the permission matrix admits only platform admins, who act across tenants,
   * so these are not scoped by the caller's organization.
   */
  private static OrganizationService organizations(OrganizationRepository organizations) {
    return new OrganizationService() {
      @Override
      public Future<JsonObject> create(JsonObject body) {
        return organizations.create(body);
      }

      @Override
      public Future<JsonObject> get(String id) {
        return organizations.get(Params.pathId(id));
      }

      @Override
      public Future<JsonObject> census() {
        return organizations.census();
      }
    };
  }
}
