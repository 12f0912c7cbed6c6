package dev.wrench.http;

import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.SigningKeys;
import dev.wrench.auth.TokenService;
import dev.wrench.config.AuthConfig;
import dev.wrench.config.CacheConfig;
import dev.wrench.config.HttpConfig;
import dev.wrench.config.RateLimitConfig;
import dev.wrench.config.RedisConfig;
import java.util.List;

/**
 * What an HTTP verticle is given: the settings of every area it serves, the signing keys already
 * read (no file I/O on the event loop) and the metrics registry's name ({@code null}: a private
 * one). The timeouts of its calls to the cache verticle follow from the cache's and Redis's.
 */
public record HttpSettings(
    HttpConfig http,
    AuthConfig auth,
    ExternalIdentityProvider.Settings externalIdp,
    SigningKeys keys,
    RateLimitConfig rateLimit,
    CacheConfig cache,
    RedisConfig redis,
    String metricsRegistry) {

  /** The port to listen on: 0 ("any free port") as -1, so that all instances share one. */
  int listenPort() {
    return http.port() == 0 ? -1 : http.port();
  }

  /** Whether the rate limits are kept in Redis (shared by all instances), else in this process. */
  boolean sharedRateLimits() {
    return redis.configured();
  }

  /** A rate-limit call is bounded by the Redis breaker's timeout; the bus adds a margin. */
  long rateLimitTimeoutMs() {
    return redis.timeoutMs() + 250L;
  }

  /** A cache miss may wait for another request's load (a lease) before it reads for itself. */
  long cacheTimeoutMs() {
    return cache.leaseTimeoutMs() + redis.timeoutMs() + 500L;
  }

  TokenService.Key signingKey() {
    return new TokenService.Key(keys.keyId(), keys.privateKeyPem(), keys.publicKeyPem());
  }

  /** Keys trusted for verification only (a rotated-out key, until its tokens expire). */
  List<TokenService.Key> trustedKeys() {
    return keys.alsoTrusted().stream()
        .map(k -> new TokenService.Key(k.keyId(), null, k.publicKeyPem()))
        .toList();
  }
}
