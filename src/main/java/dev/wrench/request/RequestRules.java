package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;

/**
 * Why a move of a request was refused, once the move found nothing to change: only a pending
 * request moves, and only its requester cancels it.
 */
public final class RequestRules {

  private RequestRules() {}

  /** The 409 of a move from a status other than pending. */
  public static BusError notPendingError(String status) {
    return new BusError(409, "request-not-pending", "the request is " + status + ", not pending");
  }

  /** Always throws: the refusal of a decision on {@code request}, which the caller can see. */
  static JsonObject notPending(JsonObject request) {
    throw notPendingError(request.getString("status"));
  }

  /**
   * Always throws: the refusal of a cancel of {@code request} by {@code actor}. Someone else's
   * request is 403 (they see it, so a 404 would lie); a decided one is 409.
   */
  static JsonObject notCancellable(Actor actor, JsonObject request) {
    if (!actor.userId().toString().equals(request.getString("requester_id"))) {
      throw BusError.forbidden("only the requester may cancel a request");
    }
    throw notPendingError(request.getString("status"));
  }
}
