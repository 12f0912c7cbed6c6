package dev.wrench.identity;

import dev.wrench.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Failed log-ins per account and per address, for the login throttle. */
@Bus.Address(LoginFailureService.ADDRESS)
public interface LoginFailureService {

  String ADDRESS = "wrench.db.login-failures";

  Future<JsonObject> state(@Bus.Message JsonObject request);

  @Bus.Verb("record")
  Future<JsonObject> recordFailure(@Bus.Message JsonObject request);

  Future<JsonObject> clear(@Bus.Message JsonObject request);
}
