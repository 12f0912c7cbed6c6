package dev.wrench.events;

import dev.wrench.feature.Feature;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Work order events: the transactional outbox on the bus, its lag on {@code /metrics}, replays (the
 * relay and its deliveries are deployed by the application).
 */
public final class EventsFeature implements Feature {

  private final Duration backlogRefresh;

  /** {@code backlogRefresh}: how often the gauges of /metrics are recounted. */
  public EventsFeature(Duration backlogRefresh) {
    this.backlogRefresh = backlogRefresh;
  }

  @Override
  public void store(StoreContext store) {
    OutboxRepository events = new OutboxRepository(store.db());
    store.serve(OutboxService.class, new OutboxStore(events));
    if (!store.sweeper()) {
      return;
    }
    OutboxMeters meters = new OutboxMeters(store.meters());
    store.nowAndEvery(
        backlogRefresh.toMillis(),
        "Counting the outbox lag",
        () -> events.backlog().onSuccess(meters::update));
    // The relay lease of this process is handed on here: when the database verticles stop before
    // the relay, the relay cannot release it itself, and another instance would wait for it to
    // expire.
    store.onStop(
        () -> {
          meters.close();
          Object relay =
              store.vertx().sharedData().getLocalMap(OutboxRelayVerticle.LOCAL_MAP).get("relay_id");
          return relay instanceof String relayId
              ? events.release(relayId)
              : Future.succeededFuture(new JsonObject());
        });
  }

  @Override
  public void routes(RouteContext routes) {
    OutboxService outbox = routes.service(OutboxService.class);
    routes.handle("replayEvents", routes.api().action(outbox::replay, 202));
  }
}
