package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.feature.Feature;
import dev.wrench.http.Contract;
import dev.wrench.http.HttpVerticle;
import dev.wrench.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The HTTP verticles: their config (the parts of every area they serve), one per event loop. */
final class HttpDeployment {

  private HttpDeployment() {}

  /** Deploys the HTTP verticles; the deployment's id (undeployed first when draining). */
  static Future<String> deploy(
      Vertx vertx,
      AppConfig config,
      SigningKeys keys,
      String registry,
      List<Feature> features,
      String contractPath) {
    JsonObject httpConfig = config(config, keys, registry);
    return Contract.read(vertx, contractPath)
        .compose(
            source ->
                vertx.deployVerticle(
                    () ->
                        new HttpVerticle(
                            source.copy(), routes -> features.forEach(f -> f.routes(routes))),
                    new DeploymentOptions()
                        .setConfig(httpConfig)
                        .setInstances(EventLoops.instances(config.http().instances()))));
  }

  static JsonObject config(AppConfig config, SigningKeys keys, String registry) {
    return new JsonObject()
        .put(Metrics.REGISTRY_KEY, registry)
        .put("host", config.http().host())
        // Port 0 means "any free port": a negative port makes all instances share one.
        .put("port", config.http().port() == 0 ? -1 : config.http().port())
        .put("body_limit_bytes", config.http().bodyLimitBytes())
        .put("shutdown_grace_ms", config.http().shutdownGraceSeconds() * 1000L)
        .put("cors", config.http().cors().toJson())
        .put("attachments", config.attachments().toJson())
        .put("webhooks", config.notifications().httpJson())
        .put("token_cache_size", config.auth().tokenCacheSize())
        .put("password_iterations", config.auth().passwordIterations())
        .put(
            "rate_limit",
            config
                .rateLimit()
                .toJson()
                .put("shared", config.redis().configured())
                // A Redis call is bounded by its breaker's timeout; the bus adds a margin.
                .put("timeout_ms", config.redis().timeoutMs() + 250L))
        .put(
            "cache",
            new JsonObject()
                .put("enabled", config.cache().enabled())
                // A miss may wait for another request's load (a lease) before reading itself.
                .put(
                    "timeout_ms",
                    config.cache().leaseTimeoutMs() + config.redis().timeoutMs() + 500L))
        .put(
            "auth",
            new JsonObject()
                .put("issuer", config.auth().issuer())
                .put("audience", config.auth().audience())
                .put("access_token_ttl_seconds", config.auth().accessTokenTtlSeconds())
                .put("refresh_token_ttl_seconds", config.auth().refreshTokenTtlSeconds())
                .put(
                    "external",
                    config.externalIdp().enabled() ? config.externalIdp().toJson() : null)
                .put("login_throttle", config.loginThrottle().toJson()))
        .put("keys", keys(keys));
  }

  private static JsonObject keys(SigningKeys keys) {
    return new JsonObject()
        .put("kid", keys.keyId())
        .put("private_pem", keys.privateKeyPem())
        .put("public_pem", keys.publicKeyPem())
        .put(
            "trusted",
            new JsonArray(
                keys.alsoTrusted().stream()
                    .map(
                        k ->
                            new JsonObject()
                                .put("kid", k.keyId())
                                .put("public_pem", k.publicKeyPem()))
                    .toList()))
        .put("jwks", keys.jwks().encode());
  }
}
