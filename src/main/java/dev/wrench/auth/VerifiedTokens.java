package dev.wrench.auth;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verified access tokens of one HTTP verticle instance, kept (bounded, until they expire) because
 * RS256 verification costs more than the database read it guards. Shared by the rate limiter, which
 * needs the principal before anything else runs, and the bearer handler. One event loop touches it,
 * so it needs no locking.
 */
public final class VerifiedTokens {

  private static final String BEARER = "Bearer ";

  private final TokenService tokens;
  private final Map<String, TokenService.Verified> verified;
  private final ApiKeyPrincipals apiKeyPrincipals;

  public VerifiedTokens(TokenService tokens, int cacheSize, ApiKeyPrincipals apiKeyPrincipals) {
    this.tokens = tokens;
    this.verified =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TokenService.Verified> eldest) {
            return size() > cacheSize;
          }
        };
    this.apiKeyPrincipals = apiKeyPrincipals;
  }

  /**
   * The principal whose rate limit budget an API key spends: known once the key has authenticated
   * in this process; null before (its requests spend the client address's budget, so that made-up
   * keys cannot each open a budget of their own).
   */
  public Actor apiKeyPrincipal(String key) {
    return apiKeyPrincipals.principal(key);
  }

  /** Called by the bearer handler after the key authenticated ({@code actor}) or failed (null). */
  public void apiKeyAuthenticated(String key, Actor actor) {
    apiKeyPrincipals.authenticated(key, actor);
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  public static String bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return authorization.substring(BEARER.length()).trim();
  }

  /** The actor of a token verified before and not yet expired, or null. */
  public Actor cached(String token) {
    TokenService.Verified hit = lookup(token);
    return hit == null ? null : hit.actor();
  }

  /** A token verified before and not yet expired, or null. */
  public TokenService.Verified lookup(String token) {
    TokenService.Verified hit = verified.get(token);
    if (hit == null) {
      return null;
    }
    if (hit.expiresAt() > System.currentTimeMillis() / 1000) {
      return hit;
    }
    verified.remove(token);
    return null;
  }

  /** Verifies a token not in the cache and keeps it; fails when it is invalid or expired. */
  public Future<Actor> verify(String token) {
    return verified(token).map(TokenService.Verified::actor);
  }

  /** Like {@link #verify} with the token's scopes. */
  public Future<TokenService.Verified> verified(String token) {
    TokenService.Verified hit = lookup(token);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    return tokens
        .verify(token)
        .map(
            result -> {
              verified.put(token, result);
              return result;
            });
  }
}
