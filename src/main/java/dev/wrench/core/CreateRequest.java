package dev.wrench.core;

import io.vertx.core.json.JsonObject;

/**
 * What every create carries besides its caller: the validated body, the parent's id for a
 * sub-resource ({@code null} for a top-level one), the client's {@code Idempotency-Key} ({@code
 * null} without one) and the fingerprint of the request as the client sent it, which tells a replay
 * from a different request under the same key. On the bus its fields travel flat in the request:
 * {@code id, body, idempotency_key, request_fingerprint}.
 */
public record CreateRequest(
    String parentId, JsonObject body, String idempotencyKey, String requestFingerprint) {

  public CreateRequest {
    body = body == null ? new JsonObject() : body;
  }

  /** The flat wire fields, added to {@code message}. */
  public JsonObject writeTo(JsonObject message) {
    message.put("body", body);
    if (parentId != null) {
      message.put("id", parentId);
    }
    if (idempotencyKey != null) {
      message.put("idempotency_key", idempotencyKey);
    }
    if (requestFingerprint != null) {
      message.put("request_fingerprint", requestFingerprint);
    }
    return message;
  }

  public static CreateRequest readFrom(JsonObject message) {
    return new CreateRequest(
        message.getString("id"),
        message.getJsonObject("body"),
        message.getString("idempotency_key"),
        message.getString("request_fingerprint"));
  }
}
