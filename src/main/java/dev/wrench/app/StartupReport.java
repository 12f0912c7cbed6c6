package dev.wrench.app;

import dev.wrench.config.CacheConfig;
import dev.wrench.config.RateLimitConfig;
import dev.wrench.events.EventsConfig;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.store.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one line that says, once Wrench is up, which back ends it uses and how. */
final class StartupReport {

  // Logged as MainVerticle, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private StartupReport() {}

  static void log(
      int port, long elapsedMs, DatabaseSettings database, AppConfig config, boolean clustered) {
    LOG.info(
        "Wrench is up on port {} in {} ms. Database: {}. Cache: {}. Rate limits: {}."
            + " External identity provider: {}."
            + " Events: {}. Attachments: {}. Cluster: {}."
            + " Tracing: {}. Notifications: {}.",
        port,
        elapsedMs,
        database.describe(),
        cache(config),
        rateLimits(config),
        config.externalIdp().enabled()
            ? config.externalIdp().issuer() + " (JWKS " + config.externalIdp().jwksUrl() + ")"
            : "none",
        events(config.events()),
        config.attachments().describe(),
        clustered ? config.cluster().describe() : "not clustered",
        config.tracing().enabled() ? "OpenTelemetry, exported as the OTEL_* variables say" : "off",
        config.notifications().describe(config.events()));
  }

  static String cache(AppConfig config) {
    CacheConfig cache = config.cache();
    String where =
        config.redis().configured()
            ? "Redis at "
                + config.redis().describe()
                + " (shared by every instance, key prefix "
                + config.redis().keyPrefix()
                + ")"
            : "in-process (no REDIS_URL: serves this one instance)";
    if (!cache.enabled()) {
      return "disabled (cache.enabled=false)";
    }
    return where
        + ", TTL "
        + cache.workOrderTtlSeconds()
        + "/"
        + cache.assetTtlSeconds()
        + "/"
        + cache.technicianTtlSeconds()
        + " s (work orders/assets/technicians)";
  }

  static String rateLimits(AppConfig config) {
    RateLimitConfig limits = config.rateLimit();
    return (config.redis().configured()
            ? "shared in Redis (in-process while Redis is unavailable)"
            : "in-process (no REDIS_URL: this instance only)")
        + ", "
        + limits.perMinute()
        + " per principal and "
        + limits.anonymousPerMinute()
        + " per client address every "
        + limits.windowSeconds()
        + " s, routes "
        + limits.routes()
        + ", roles "
        + limits.roles()
        + ", "
        + limits.clients().size()
        + " client limits";
  }

  static String events(EventsConfig events) {
    return (events.kafka()
            ? "Kafka at "
                + events.kafkaBootstrapServers()
                + " (topic "
                + events.topic()
                + ") and the event bus "
            : "in-process (no KAFKA_BOOTSTRAP_SERVERS: the event bus ")
        + OutboxRelayVerticle.WORK_ORDER_EVENTS
        + (events.kafka() ? "" : " only)")
        + ", from the transactional outbox";
  }
}
