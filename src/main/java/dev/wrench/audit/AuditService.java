package dev.wrench.audit;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Reading the audit log (it is written through {@code dev.wrench.http.AuditRecording}). */
@Bus.Address(AuditService.ADDRESS)
public interface AuditService {

  String ADDRESS = "wrench.db.audit";

  Future<JsonObject> list(Actor actor, JsonObject query);
}
