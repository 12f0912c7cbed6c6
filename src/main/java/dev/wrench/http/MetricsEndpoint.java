package dev.wrench.http;

import dev.wrench.core.BusError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format 0.0.4, whatever the scraper
 * prefers (the contract promises that one format; Prometheus reads it). Rendering walks every
 * meter, so it runs on a worker thread, not on the event loop.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final String registryName;

  MetricsEndpoint(Vertx vertx, String registryName) {
    this.vertx = vertx;
    this.registryName = registryName;
  }

  @Override
  public void handle(RoutingContext ctx) {
    MeterRegistry registry = registryName == null ? null : BackendRegistries.getNow(registryName);
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      ctx.fail(new BusError(503, "service-unavailable", "metrics are not enabled in this process"));
      return;
    }
    vertx
        .executeBlocking(prometheus::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
        .onFailure(ctx::fail);
  }
}
