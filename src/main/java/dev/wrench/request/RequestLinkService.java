package dev.wrench.request;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of public request intake (issue 20): links of an asset that let anyone file a
 * request without logging in. Tokens never travel on the bus: only their digests ({@code
 * Secrets.digest}), made by the HTTP side, which alone sees a token.
 */
@Bus.Address(RequestLinkService.ADDRESS)
public interface RequestLinkService {

  String ADDRESS = "wrench.db.request-links";

  /** {@code body: {token_hash}} → the link of asset {@code assetId}; 404 for an unseen asset. */
  Future<JsonObject> create(Actor actor, String assetId, JsonObject body);

  /** → {@code {items}}, the asset's links, newest first; 404 for an unseen asset. */
  Future<JsonObject> list(Actor actor, String assetId);

  /** → {@code {}}; revoking a revoked link changes nothing; 404 for an unseen link. */
  Future<JsonObject> revoke(Actor actor, String id);

  /**
   * {@code {token_hash, status_token_hash, title, description, contact}} → the filed request; 404
   * alike for an unknown and a revoked token.
   */
  Future<JsonObject> submit(JsonObject body);

  /** → the status page of request {@code id}; 404 unless {@code statusTokenHash} is its own. */
  Future<JsonObject> status(String id, String statusTokenHash);
}
