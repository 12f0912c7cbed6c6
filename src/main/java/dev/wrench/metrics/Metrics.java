package dev.wrench.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;

/**
 * Where the metrics live: one Prometheus registry per Vert.x instance, named so that several
 * instances in one JVM (the tests run two) keep theirs apart. Vert.x records HTTP, event-bus, pool
 * and JVM figures in it; Wrench's own {@code wrench_*} meters go to the same registry, and {@code
 * GET /metrics} serves it. Wrench makes the registry itself ({@link #factory}), so that its filters
 * are in place before the first meter: histograms only where a quantile is taken ({@link
 * Histograms}), no series that says nothing new ({@link Cardinality}), and {@code
 * wrench_build_info}.
 */
public final class Metrics {

  /** The key of a verticle's config (and of the deployment config) naming the registry. */
  public static final String REGISTRY_KEY = "metrics_registry";

  private Metrics() {}

  /**
   * Vert.x options that record metrics in the Prometheus registry {@code registryName}. Labels: the
   * route template (never the raw path: ids would make a series per work order), the method and the
   * status; event-bus addresses (a fixed set: one per verb of the features' bus contracts); pool
   * names.
   */
  public static VertxOptions vertxOptions(String registryName) {
    return new VertxOptions()
        .setMetricsOptions(
            new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName(registryName)
                .setJvmMetricsEnabled(true)
                .setLabels(
                    EnumSet.of(
                        Label.HTTP_ROUTE,
                        Label.HTTP_METHOD,
                        Label.HTTP_CODE,
                        Label.EB_ADDRESS,
                        Label.EB_FAILURE,
                        Label.POOL_TYPE,
                        Label.POOL_NAME))
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  /**
   * The metrics of a Vert.x built with {@link #vertxOptions}: a new Prometheus registry with
   * Wrench's filters and its build info (give it to {@code VertxBuilder.withMetrics}).
   */
  public static VertxMetricsFactory factory() {
    return new MicrometerMetricsFactory(newRegistry(BuildInfo.current()));
  }

  static PrometheusMeterRegistry newRegistry(BuildInfo build) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new Cardinality()).meterFilter(new Histograms());
    // wrench_build_info{version,commit} 1: which build each instance runs.
    Gauge.builder("wrench.build.info", () -> 1)
        .description("The version and commit of the running build (always 1)")
        .tag("version", build.version())
        .tag("commit", build.commit())
        .register(registry);
    return registry;
  }

  /** A Vert.x instance that records its metrics in {@code registryName}. */
  public static Vertx newVertx(String registryName) {
    return Vertx.builder().with(vertxOptions(registryName)).withMetrics(factory()).build();
  }

  /**
   * The registry named {@code name}, where a verticle records, or a private one when it runs
   * without metrics (a verticle deployed alone in a test), so that recording never fails.
   */
  public static MeterRegistry registry(String name) {
    MeterRegistry registry = name == null ? null : BackendRegistries.getNow(name);
    return registry != null ? registry : new SimpleMeterRegistry();
  }
}
