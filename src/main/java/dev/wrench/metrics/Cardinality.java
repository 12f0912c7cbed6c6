package dev.wrench.metrics;

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

  /**
   * Per address, these repeat what {@code sent}, {@code processed} and {@code pending} say (every
   * message is local, so received = delivered = sent; a discarded one is a consumer gone).
   */
  private static final Set<String> REDUNDANT =
      Set.of("vertx.eventbus.received", "vertx.eventbus.delivered", "vertx.eventbus.discarded");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String name = id.getName();
    return name.startsWith("vertx.http.") && name.endsWith(".bytes") || REDUNDANT.contains(name)
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().equals(RESPONSE_TIME)) {
      return id;
    }
    List<Tag> kept = id.getTags().stream().filter(t -> !t.getKey().equals("code")).toList();
    return id.replaceTags(kept);
  }
}
