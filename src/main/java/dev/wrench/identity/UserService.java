package dev.wrench.identity;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of users. A create's body carries {@code password_hash}: the password is hashed
 * on the HTTP side and never travels the bus.
 */
@Bus.Address(UserService.ADDRESS)
public interface UserService {

  String ADDRESS = "wrench.db.users";

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> create(Actor actor, CreateRequest request);

  /** {@code {email}} → {@code {id, org_id, role, active, password_hash}}, or fails 404. */
  Future<JsonObject> findCredentials(String email);

  /** → {@code {needed}}: whether the default organization still has no user. */
  Future<JsonObject> bootstrapNeeded();

  /** → {@code {created}}: the first admin of the default organization, while it has no user. */
  Future<JsonObject> bootstrapAdmin(String email, String passwordHash);

  /**
   * An operator's change of an account, across tenants ({@code admin} commands): {@code {email}}
   * with any of {@code active}, {@code password_hash}, {@code platform_admin} → {@code {id, org_id,
   * email, role, active, platform_admin}}, or fails 404.
   */
  @Bus.Verb("change-account")
  Future<JsonObject> changeAccount(JsonObject change);
}
