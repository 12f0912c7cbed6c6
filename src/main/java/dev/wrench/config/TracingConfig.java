package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tracing}: when {@code enabled}, the OpenTelemetry SDK is configured from the standard
 * {@code OTEL_*} variables (which win) over {@code properties} (the file's {@code otel.*} entries
 * over its defaults), and Vert.x reports spans. Off: no SDK is created at all.
 */
public record TracingConfig(boolean enabled, Map<String, String> properties) {

  public TracingConfig {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** From the checked {@code tracing} subtree. */
  public static TracingConfig from(JsonObject tracing) {
    Map<String, String> properties = new LinkedHashMap<>();
    tracing
        .getJsonObject("properties")
        .forEach(entry -> properties.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new TracingConfig(tracing.getBoolean("enabled"), properties);
  }
}
