package dev.wrench.ratelimit;

import dev.wrench.config.RateLimitConfig;
import dev.wrench.core.Actor;
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
  private final RateLimitConfig.TokenBudget publicRequestTokens;

  public RateLimitPolicy(RateLimitConfig config) {
    this.perPrincipal = config.perMinute();
    this.perAddress = config.anonymousPerMinute();
    this.windowMillis = config.windowSeconds() * 1000L;
    this.routes = Map.copyOf(config.routes());
    this.roles = Map.copyOf(config.roles());
    this.clients = Map.copyOf(config.clients());
    this.publicRequestTokens = config.publicRequestTokens();
  }

  /**
   * The budget of one public request link token, named by its digest (never the token itself),
   * spent in {@link #publicRequestTokenWindowMillis()}.
   */
  public Budget publicRequestTokenBudget(String tokenDigest) {
    return new Budget("intake:" + tokenDigest, publicRequestTokens.limit());
  }

  public long publicRequestTokenWindowMillis() {
    return publicRequestTokens.windowSeconds() * 1000L;
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
