package dev.wrench.auth;

import dev.wrench.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How the request pipeline asks who an API key is: declared here, where it is asked, and served by
 * the identity feature, which owns the keys.
 */
@Bus.Address(ApiKeyAuthentication.ADDRESS)
public interface ApiKeyAuthentication {

  String ADDRESS = "wrench.db.api-keys";

  /** {@code {key_hash}} → the key's principal, or fails 401. */
  Future<JsonObject> authenticate(String keyHash);
}
