package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code rate_limit}: sliding-window limits, {@code perMinute} requests per window per
 * authenticated principal, {@code anonymousPerMinute} per client address for unauthenticated
 * requests; {@code routes} (operationId → limit) gives a route a budget of its own, {@code roles}
 * and {@code clients} (user id → limit) replace the default for a role or one principal. The window
 * is {@code windowSeconds} long (a minute unless tests shorten it). {@code publicRequestTokens} is
 * the budget of each public request link token ({@code public_request_tokens}: {@code limit}
 * requests per {@code window_seconds}), spent by {@code POST /public/requests} beside the client
 * address's.
 */
public record RateLimitConfig(
    int perMinute,
    int anonymousPerMinute,
    int windowSeconds,
    Map<String, Integer> routes,
    Map<String, Integer> roles,
    Map<String, Integer> clients,
    TokenBudget publicRequestTokens) {

  /** {@code limit} requests per {@code windowSeconds}, per token. */
  public record TokenBudget(int limit, int windowSeconds) {}

  /** The default budget of public request link tokens: 30 an hour. */
  public static final TokenBudget DEFAULT_PUBLIC_REQUEST_TOKENS = new TokenBudget(30, 3600);

  public RateLimitConfig(
      int perMinute,
      int anonymousPerMinute,
      int windowSeconds,
      Map<String, Integer> routes,
      Map<String, Integer> roles,
      Map<String, Integer> clients) {
    this(
        perMinute,
        anonymousPerMinute,
        windowSeconds,
        routes,
        roles,
        clients,
        DEFAULT_PUBLIC_REQUEST_TOKENS);
  }

  public RateLimitConfig {
    routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
  }

  /** From the checked {@code rate_limit} subtree. */
  public static RateLimitConfig from(JsonObject limits) {
    JsonObject tokens = limits.getJsonObject("public_request_tokens");
    return new RateLimitConfig(
        limits.getInteger("per_minute"),
        limits.getInteger("anonymous_per_minute"),
        limits.getInteger("window_seconds"),
        counts(limits.getJsonObject("routes")),
        counts(limits.getJsonObject("roles")),
        counts(limits.getJsonObject("clients")),
        new TokenBudget(tokens.getInteger("limit"), tokens.getInteger("window_seconds")));
  }

  private static Map<String, Integer> counts(JsonObject map) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    map.forEach(entry -> counts.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
    return counts;
  }
}
