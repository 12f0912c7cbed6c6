package dev.wrench.app;

import dev.wrench.cluster.ClusterMembership;
import dev.wrench.cluster.Clustering;
import dev.wrench.config.ClusterConfig;
import dev.wrench.config.TracingConfig;
import dev.wrench.metrics.Metrics;
import dev.wrench.tracing.OpenTelemetryTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a Wrench Vert.x is built from, shared by the two ways one starts: the launcher's hooks
 * ({@code serve}, {@link WrenchHooks}) and {@link WrenchVertx#start} (the test fixtures), so that
 * both build the same instance. Metrics always; the OpenTelemetry SDK and tracer only when {@code
 * tracing.enabled} (off means no SDK and no tracer at all, so that it costs nothing); the Hazelcast
 * cluster manager and the event bus options only when {@code cluster.enabled}.
 */
final class VertxSetup {

  private final ClusterConfig cluster;
  private final OpenTelemetrySdk tracing;
  private final HazelcastClusterManager clusterManager;
  private final AtomicBoolean tracingStopped = new AtomicBoolean();

  private VertxSetup(
      ClusterConfig cluster, OpenTelemetrySdk tracing, HazelcastClusterManager clusterManager) {
    this.cluster = cluster;
    this.tracing = tracing;
    this.clusterManager = clusterManager;
  }

  static VertxSetup of(ClusterConfig cluster, TracingConfig tracing) {
    return new VertxSetup(
        cluster,
        tracing.enabled() ? OpenTelemetryTracing.sdk(tracing.properties()) : null,
        cluster.enabled() ? Clustering.clusterManager(cluster) : null);
  }

  boolean clustered() {
    return clusterManager != null;
  }

  /** The SDK behind the tracer, or null when tracing is off. */
  OpenTelemetrySdk tracing() {
    return tracing;
  }

  /**
   * A builder with the tracer and the cluster manager. It keeps {@code options} by reference and
   * reads them when it builds, so {@link #configure} may still run after this.
   */
  VertxBuilder builder(VertxOptions options) {
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(Metrics.factory());
    if (tracing != null) {
      builder.withTracer(OpenTelemetryTracing.vertxTracer(tracing));
    }
    if (clusterManager != null) {
      builder.withClusterManager(clusterManager);
    }
    return builder;
  }

  /**
   * The options Vert.x reads once, as it starts: metrics in the Prometheus registry {@code
   * registryName}, tracing, and the event bus between nodes.
   */
  void configure(VertxOptions options, String registryName) {
    // One event loop per core, not Vert.x's two: the HTTP, database and cache verticles are each
    // deployed once per core, so that every loop has one of each and a request's bus hops stay on
    // its loop (bus.SameLoop). More loops than cores would only add thread switches.
    options.setEventLoopPoolSize(EventLoops.instances(0));
    options.setMetricsOptions(Metrics.vertxOptions(registryName).getMetricsOptions());
    if (tracing != null) {
      options.setTracingOptions(new OpenTelemetryOptions());
    }
    if (clusterManager != null) {
      options.setEventBusOptions(Clustering.eventBusOptions(cluster));
    }
  }

  /** Once Vert.x runs: {@code /health/ready} reads the cluster's members through this. */
  void started(Vertx vertx) {
    if (clusterManager != null) {
      ClusterMembership.register(vertx, clusterManager);
    }
  }

  /**
   * Flushes the spans still buffered and stops the SDK, once (a failed start closes Vert.x, and the
   * exit that follows closes it again).
   */
  void stopTracing() {
    if (tracingStopped.compareAndSet(false, true)) {
      stop(tracing);
    }
  }

  static void stop(OpenTelemetrySdk sdk) {
    if (sdk != null) {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
