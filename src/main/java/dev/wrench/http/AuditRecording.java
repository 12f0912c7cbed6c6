package dev.wrench.http;

import dev.wrench.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How the request pipeline writes the audit log: declared here, where every audited operation and
 * denial is recorded, and served by the audit feature, which owns the log.
 */
@Bus.Address(AuditRecording.ADDRESS)
public interface AuditRecording {

  String ADDRESS = "wrench.db.audit";

  /** One audit event, as {@link AuditLog} shapes it. */
  Future<JsonObject> record(@Bus.Message JsonObject event);
}
