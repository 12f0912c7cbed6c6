package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code http}: where the HTTP verticles listen and how they stop. {@code drainDelayMs}: on
 * SIGTERM, how long readiness answers 503 while requests are still served (so that load balancers
 * stop sending first); {@code shutdownGraceSeconds}: then how long requests in flight may take to
 * finish before their connections are closed.
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    long bodyLimitBytes,
    int drainDelayMs,
    int shutdownGraceSeconds,
    Cors cors) {

  /** From the checked {@code http} subtree. */
  public static HttpConfig from(JsonObject http) {
    return new HttpConfig(
        http.getString("host"),
        http.getInteger("port"),
        http.getInteger("instances"),
        http.getLong("body_limit_bytes"),
        http.getInteger("drain_delay_ms"),
        http.getInteger("shutdown_grace_seconds"),
        Cors.from(http.getJsonObject("cors")));
  }

  /**
   * {@code http.cors}: cross-origin access for browsers, the exact origins ({@code
   * https://app.example.com}) allowed; none by default, and then no CORS header is ever sent.
   */
  public record Cors(List<String> allowedOrigins, int maxAgeSeconds) {

    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
    }

    static Cors from(JsonObject cors) {
      List<String> origins = new ArrayList<>();
      cors.getJsonArray("allowed_origins").forEach(origin -> origins.add((String) origin));
      return new Cors(origins, cors.getInteger("max_age_seconds"));
    }
  }
}
