package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of {@link RequestLinkService}. */
final class RequestLinkStore implements RequestLinkService {

  private final RequestLinkRepository links;
  private final RequestRepository requests;

  RequestLinkStore(RequestLinkRepository links, RequestRepository requests) {
    this.links = links;
    this.requests = requests;
  }

  @Override
  public Future<JsonObject> create(Actor actor, String assetId, JsonObject body) {
    return links.create(actor, Params.pathId(assetId), body.getString("token_hash"));
  }

  @Override
  public Future<JsonObject> list(Actor actor, String assetId) {
    return links.list(actor, Params.pathId(assetId));
  }

  @Override
  public Future<JsonObject> revoke(Actor actor, String id) {
    return links.revoke(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> submit(JsonObject body) {
    return links
        .findOpenLink(body.getString("token_hash"))
        .compose(
            link -> {
              if (link == null) {
                throw unknownLink();
              }
              return requests.createPublic(link, body);
            });
  }

  @Override
  public Future<JsonObject> status(String id, String statusTokenHash) {
    return links.publicStatus(Params.pathId(id), statusTokenHash);
  }

  /** The one answer to a token that files nothing, whatever the reason. */
  static BusError unknownLink() {
    return BusError.notFound("request link");
  }
}
