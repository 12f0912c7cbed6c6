package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.app.WrenchVertx;
import dev.wrench.cluster.ClusterMembership;
import dev.wrench.support.Http;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The default runtime: a standalone Vert.x, and no OpenTelemetry SDK or tracer at all. */
class WrenchVertxTest {

  @Test
  void byDefaultVertxIsNeitherClusteredNorTraced() {
    AppConfig defaults = AppConfig.load(new JsonObject());
    WrenchVertx runtime =
        Http.await(WrenchVertx.start(defaults.cluster(), defaults.tracing(), "wrench-vertx-test"));
    try {
      assertThat(runtime.traced()).isFalse();
      assertThat(runtime.openTelemetry()).isNull();
      assertThat(runtime.vertx().isClustered()).isFalse();
      assertThat(ClusterMembership.describe(runtime.vertx()))
          .isEqualTo(new JsonObject().put("clustered", false));
      // Nothing is ever current without a tracer: the outbox stores no traceparent.
      String traceparent =
          Http.await(
              runtime
                  .vertx()
                  .getOrCreateContext()
                  .executeBlocking(
                      () -> String.valueOf(dev.wrench.tracing.TraceContext.currentTraceparent())));
      assertThat(traceparent).isEqualTo("null");
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    } finally {
      Http.await(runtime.close());
    }
  }
}
