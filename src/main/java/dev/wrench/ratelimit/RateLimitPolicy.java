package dev.wrench.ratelimit;

import dev.wrench.core.Actor;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which budget a request spends and how big it is. An authenticated request spends its principal's
 * budget ({@code clients} for that user id, else {@code roles} for their role, else {@code
 * per_minute}); an unauthenticated one spends its client address's ({@code anonymous_per_minute}).
 * A route listed in {@code routes} has a budget of its own, per principal or address, so that a
 * tight limit on {@code POST /oauth/token} neither spends nor is spent by the rest.
 *
 * <p>Config: the {@code rate_limit} object of {@code conf/config.yaml}.
 */
public final class RateLimitPolicy {

  /** A bucket and the requests it admits per window. */
  public record Budget(String bucket, int limit) {}

  private final int perPrincipal;
  private final int perAddress;
  private final long windowMillis;
  private final Map<String, Integer> routes;
  private final Map<String, Integer> roles;
  private final Map<String, Integer> clients;

  public RateLimitPolicy(JsonObject config) {
    this.perPrincipal = config.getInteger("per_minute");
    this.perAddress = config.getInteger("anonymous_per_minute");
    this.windowMillis = config.getInteger("window_seconds") * 1000L;
    this.routes = limits(config.getJsonObject("routes"));
    this.roles = limits(config.getJsonObject("roles"));
    this.clients = limits(config.getJsonObject("clients"));
  }

  private static Map<String, Integer> limits(JsonObject json) {
    Map<String, Integer> map = new HashMap<>();
    if (json != null) {
      json.forEach(e -> map.put(e.getKey(), ((Number) e.getValue()).intValue()));
    }
    return Map.copyOf(map);
  }

  public long windowMillis() {
    return windowMillis;
  }

  /** The operations with a budget of their own. */
  public Set<String> routeOperations() {
    return routes.keySet();
  }

  /**
   * @param operationId the operation of the request when it has a budget of its own, else null
   * @param actor the authenticated caller, or null
   * @param clientAddress where an unauthenticated request comes from
   */
  public Budget budgetFor(String operationId, Actor actor, String clientAddress) {
    Integer routeLimit = operationId == null ? null : routes.get(operationId);
    String subject;
    int limit;
    if (actor != null) {
      String user = actor.userId().toString();
      subject = "u:" + user;
      Integer client = clients.get(user);
      Integer role = roles.get(actor.role());
      limit = client != null ? client : role != null ? role : perPrincipal;
    } else {
      subject = "a:" + clientAddress;
      limit = perAddress;
    }
    if (routeLimit != null) {
      return new Budget(subject + ":" + operationId, routeLimit);
    }
    return new Budget(subject, limit);
  }
}
