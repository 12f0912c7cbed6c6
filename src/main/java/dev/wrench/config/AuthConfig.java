package dev.wrench.config;

import io.vertx.core.json.JsonObject;

/**
 * {@code auth}: the tokens Wrench issues and checks, its signing keys and password hashing. Its
 * {@code login_throttle} and {@code external} subtrees have records of their own ({@code
 * LoginThrottle}, {@code ExternalIdentityProvider.Settings}).
 */
public record AuthConfig(
    String issuer,
    String audience,
    int accessTokenTtlSeconds,
    String keyDir,
    int passwordIterations,
    int tokenCacheSize,
    int refreshTokenTtlSeconds) {

  /** From the checked {@code auth} subtree (its own keys, not its two subtrees). */
  public static AuthConfig from(JsonObject auth) {
    return new AuthConfig(
        auth.getString("issuer"),
        auth.getString("audience"),
        auth.getInteger("access_token_ttl_seconds"),
        auth.getString("key_dir"),
        auth.getInteger("password_iterations"),
        auth.getInteger("token_cache_size"),
        auth.getInteger("refresh_token_ttl_seconds"));
  }
}
