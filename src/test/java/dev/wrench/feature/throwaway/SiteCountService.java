package dev.wrench.feature.throwaway;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The throw-away feature's bus contract: how many sites the caller's organization has. */
@Bus.Address("wrench.db.site-count")
public interface SiteCountService {

  Future<JsonObject> count(Actor actor);
}
