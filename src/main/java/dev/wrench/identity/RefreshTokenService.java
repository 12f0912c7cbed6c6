package dev.wrench.identity;

import dev.wrench.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Refresh tokens of the password grant: single use, rotated on every use; a reused one revokes its
 * family.
 */
@Bus.Address(RefreshTokenService.ADDRESS)
public interface RefreshTokenService {

  String ADDRESS = "wrench.db.refresh-tokens";

  Future<JsonObject> issue(@Bus.Message JsonObject request);

  Future<JsonObject> rotate(@Bus.Message JsonObject request);

  Future<JsonObject> revoke(@Bus.Message JsonObject request);
}
