package dev.wrench.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Which meters carry a histogram, and with which buckets. Percentile histograms (70 buckets for a
 * timer, over 200 for a byte count) on every route, method and status made {@code /metrics} weigh
 * megabytes; only the meters that alerts and panels take quantiles of keep a histogram, with a few
 * fixed buckets around the thresholds they use (the API p95 alert is at 100 ms). Every other timer
 * and summary keeps its count, sum and max.
 */
final class Histograms implements MeterFilter {

  /** The bucket bounds of a meter, by name, in its base unit (seconds for timers). */
  static final Map<String, double[]> BUCKETS =
      Map.of(
          "vertx.http.server.response.time", seconds(25, 50, 100, 250, 1_000),
          "vertx.pool.queue.time", seconds(1, 10, 100, 1_000),
          "jvm.gc.pause", seconds(10, 100, 1_000));

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    double[] buckets = BUCKETS.get(id.getName());
    DistributionStatisticConfig.Builder wanted =
        DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles();
    if (buckets == null) {
      return wanted.serviceLevelObjectives().build().merge(config);
    }
    // Timers are configured in nanoseconds; the registry publishes them in seconds.
    double[] bounds =
        id.getType() == Meter.Type.TIMER
            ? Arrays.stream(buckets).map(s -> s * Duration.ofSeconds(1).toNanos()).toArray()
            : buckets;
    return wanted.serviceLevelObjectives(bounds).build().merge(config);
  }

  private static double[] seconds(long... millis) {
    return Arrays.stream(millis).mapToDouble(ms -> ms / 1000.0).toArray();
  }
}
