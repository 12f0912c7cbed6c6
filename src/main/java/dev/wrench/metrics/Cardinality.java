package dev.wrench.metrics;

import dev.wrench.bus.SameLoop;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Set;

/**
 * Fewer series where they say nothing new. Request latency is kept by route and method, not by
 * status as well ({@code vertx_http_server_requests_total} counts statuses); byte counts of HTTP
 * requests and responses are not kept (the access log has each response's {@code bytes_sent}), nor
 * event-bus counts that repeat others.
 */
final class Cardinality implements MeterFilter {

  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  private static final String EVENT_BUS = "vertx.eventbus.";

  /**
   * Per address, these repeat what {@code sent}, {@code processed} and {@code pending} say (every
   * message is local, so received = delivered = sent; a discarded one is a consumer gone).
   */
  private static final Set<String> REDUNDANT =
      Set.of("vertx.eventbus.received", "vertx.eventbus.delivered", "vertx.eventbus.discarded");

  /**
   * Gauges of the event bus: an instance's own copy of an address is not kept apart (see {@link
   * #map}), and two gauges cannot share one series, so the copies' gauges are not kept (the shared
   * address's are; the copies' traffic shows in the counters).
   */
  private static final Set<String> GAUGES =
      Set.of("vertx.eventbus.handlers", "vertx.eventbus.pending");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String name = id.getName();
    return name.startsWith("vertx.http.") && name.endsWith(".bytes")
            || REDUNDANT.contains(name)
            || GAUGES.contains(name) && ownCopy(id.getTag("address")) >= 0
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  /** Where an instance's own copy of an address has its suffix ({@code #...}), or -1. */
  private static int ownCopy(String address) {
    return address == null ? -1 : address.indexOf('#');
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().startsWith(EVENT_BUS)) {
      String address = id.getTag("address");
      // An instance's own copy of an address (bus.SameLoop) counts as the
      // address: a series per event loop would say nothing the address does not.
      return ownCopy(address) < 0 ? id : id.withTag(Tag.of("address", SameLoop.shared(address)));
    }
    if (!id.getName().equals(RESPONSE_TIME)) {
      return id;
    }
    List<Tag> kept = id.getTags().stream().filter(t -> !t.getKey().equals("code")).toList();
    return id.replaceTags(kept);
  }
}
