package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * {@code redis}, optional: with no URL the cache and the rate limiter are in-process (one
 * instance). Every Redis call goes through a circuit breaker with {@code timeoutMs}; {@code
 * breakerMaxFailures} failures in a row open it for {@code breakerResetMs}.
 */
public record RedisConfig(
    String url,
    String keyPrefix,
    int timeoutMs,
    int breakerMaxFailures,
    int breakerResetMs,
    int poolSize) {

  /** From the checked {@code redis} subtree. */
  public static RedisConfig from(JsonObject redis) {
    return new RedisConfig(
        redis.getString("url").trim(),
        redis.getString("key_prefix"),
        redis.getInteger("timeout_ms"),
        redis.getInteger("breaker_max_failures"),
        redis.getInteger("breaker_reset_ms"),
        redis.getInteger("pool_size"));
  }

  public boolean configured() {
    return !url.isBlank();
  }

  /** The URL without credentials, for the log. */
  public String describe() {
    if (!configured()) {
      return "none";
    }
    URI uri = URI.create(url);
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + ":"
        + (uri.getPort() < 0 ? 6379 : uri.getPort())
        + (uri.getPath() == null || uri.getPath().isEmpty() ? "" : uri.getPath());
  }

  /** Never the URL's password. */
  @Override
  public String toString() {
    return "RedisConfig["
        + describe()
        + ", key prefix "
        + keyPrefix
        + ", timeout "
        + timeoutMs
        + " ms, breaker "
        + breakerMaxFailures
        + "/"
        + breakerResetMs
        + " ms, pool "
        + poolSize
        + "]";
  }
}
