package dev.wrench.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The OpenTelemetry SDK of a traced Wrench, configured the standard way: the {@code OTEL_*}
 * environment variables and {@code otel.*} system properties win over {@code tracing.properties}
 * (the defaults of conf/config.yaml: service name, OTLP traces, no OTel metrics or logs). Built
 * only when tracing is enabled; it is not made the global instance (two servers in one test JVM
 * keep their own), Vert.x gets it through its tracer factory.
 */
public final class OpenTelemetryTracing {

  private OpenTelemetryTracing() {}

  /** {@code properties}: the {@code otel.*} defaults ({@code tracing.properties}). */
  public static OpenTelemetrySdk sdk(Map<String, String> properties) {
    // The SDK reports export failures through java.util.logging: bridged, they become JSON lines on
    // stdout like every other log line instead of plain text on stderr.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> properties)
        // Wrench flushes and closes the SDK itself, after Vert.x has stopped (Main, on SIGTERM).
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /** The Vert.x tracer that reports to {@code sdk}. */
  public static OpenTelemetryTracingFactory vertxTracer(OpenTelemetrySdk sdk) {
    return new OpenTelemetryTracingFactory(sdk);
  }
}
