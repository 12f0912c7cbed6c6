package dev.wrench.app;

import dev.wrench.config.ClusterConfig;
import dev.wrench.config.TracingConfig;
import dev.wrench.metrics.Metrics;
import dev.wrench.tracing.OpenTelemetryTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance Wrench runs on, built from the validated configuration: metrics always (the
 * Prometheus registry {@code registryName}), clustered through Hazelcast when {@code
 * cluster.enabled}, traced through OpenTelemetry when {@code tracing.enabled}. Tracing off means no
 * SDK and no tracer at all, so that it costs nothing.
 */
public record WrenchVertx(Vertx vertx, OpenTelemetrySdk openTelemetry) {

  public static Future<WrenchVertx> start(
      ClusterConfig cluster, TracingConfig tracingConfig, String registryName) {
    VertxOptions options = Metrics.vertxOptions(registryName);
    VertxBuilder builder = Vertx.builder();
    OpenTelemetrySdk sdk = null;
    if (tracingConfig.enabled()) {
      sdk = OpenTelemetryTracing.sdk(tracingConfig.properties());
      options.setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(OpenTelemetryTracing.vertxTracer(sdk));
    }
    OpenTelemetrySdk tracing = sdk;
    if (!cluster.enabled()) {
      return Future.succeededFuture(new WrenchVertx(builder.with(options).build(), tracing));
    }
    HazelcastClusterManager clusterManager = Clustering.clusterManager(cluster);
    options.setEventBusOptions(Clustering.eventBusOptions(cluster));
    return builder
        .with(options)
        .withClusterManager(clusterManager)
        .buildClustered()
        .map(
            vertx -> {
              ClusterMembership.register(vertx, clusterManager);
              return new WrenchVertx(vertx, tracing);
            })
        .onFailure(
            e -> {
              if (tracing != null) {
                tracing.close();
              }
            });
  }

  /**
   * Closes Vert.x (leaving the cluster), then flushes the spans still buffered and stops the SDK.
   */
  public Future<Void> close() {
    return vertx
        .close()
        .eventually(
            () -> {
              if (openTelemetry != null) {
                CompletableResultCode done = openTelemetry.shutdown();
                done.join(5, TimeUnit.SECONDS);
              }
              return Future.succeededFuture();
            });
  }

  public boolean traced() {
    return openTelemetry != null;
  }
}
