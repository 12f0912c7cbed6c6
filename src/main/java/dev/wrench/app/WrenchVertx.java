package dev.wrench.app;

import dev.wrench.config.ClusterConfig;
import dev.wrench.config.TracingConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;

/**
 * A Vert.x built from the validated configuration the way {@code serve} builds it (see {@link
 * VertxSetup}), for code that starts Wrench in-process: the test fixtures, which deploy {@link
 * MainVerticle} on it themselves. {@code serve} goes through the launcher and {@link WrenchHooks}.
 */
public record WrenchVertx(Vertx vertx, OpenTelemetrySdk openTelemetry) {

  public static Future<WrenchVertx> start(
      ClusterConfig cluster, TracingConfig tracing, String registryName) {
    VertxSetup setup = VertxSetup.of(cluster, tracing);
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = setup.builder(options);
    setup.configure(options, registryName);
    Future<Vertx> started =
        setup.clustered() ? builder.buildClustered() : Future.succeededFuture(builder.build());
    return started
        .map(
            vertx -> {
              setup.started(vertx);
              return new WrenchVertx(vertx, setup.tracing());
            })
        .onFailure(e -> setup.stopTracing());
  }

  /**
   * Closes Vert.x (leaving the cluster), then flushes the spans still buffered and stops the SDK.
   */
  public Future<Void> close() {
    return vertx
        .close()
        .eventually(
            () -> {
              VertxSetup.stop(openTelemetry);
              return Future.succeededFuture();
            });
  }

  public boolean traced() {
    return openTelemetry != null;
  }
}
