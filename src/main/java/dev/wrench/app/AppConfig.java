package dev.wrench.app;

import dev.wrench.attachment.AttachmentsConfig;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.LoginThrottle;
import dev.wrench.config.AuthConfig;
import dev.wrench.config.CacheConfig;
import dev.wrench.config.ClusterConfig;
import dev.wrench.config.ConfigInput;
import dev.wrench.config.Configuration;
import dev.wrench.config.DatabaseConfig;
import dev.wrench.config.HttpConfig;
import dev.wrench.config.RateLimitConfig;
import dev.wrench.config.RedisConfig;
import dev.wrench.config.TracingConfig;
import dev.wrench.events.EventsConfig;
import dev.wrench.notification.NotificationsConfig;
import dev.wrench.pm.PmConfig;
import io.vertx.core.json.JsonObject;

/**
 * The typed records Wrench starts from, each built by its own area from its subtree of the checked
 * configuration ({@link Configuration#check}). The one place that says which record reads which
 * subtree: every key of {@code conf/config.yaml} is read here once (ConfigKeysTest).
 */
public record AppConfig(
    HttpConfig http,
    DatabaseConfig database,
    AuthConfig auth,
    LoginThrottle loginThrottle,
    ExternalIdentityProvider.Settings externalIdp,
    BootstrapConfig bootstrap,
    RedisConfig redis,
    CacheConfig cache,
    RateLimitConfig rateLimit,
    EventsConfig events,
    AttachmentsConfig attachments,
    ClusterConfig cluster,
    TracingConfig tracing,
    NotificationsConfig notifications,
    PmConfig pm) {

  /**
   * {@code given} (the file and the environment, or a test's keys) over the defaults, checked.
   *
   * @throws dev.wrench.config.ConfigException naming every bad key
   */
  public static AppConfig load(JsonObject given) {
    return from(Configuration.check(given));
  }

  /**
   * The loaded configuration ({@link dev.wrench.config.ConfigLoader#load}) over the defaults,
   * checked: a problem names the variable or file its key came from.
   *
   * @throws dev.wrench.config.ConfigException naming every bad key
   */
  public static AppConfig load(ConfigInput input) {
    return from(Configuration.check(input));
  }

  /** From a configuration {@link Configuration#check} returned. */
  public static AppConfig from(JsonObject checked) {
    JsonObject authTree = checked.getJsonObject("auth");
    AuthConfig auth = AuthConfig.from(authTree);
    return new AppConfig(
        HttpConfig.from(checked.getJsonObject("http")),
        DatabaseConfig.from(checked.getJsonObject("database")),
        auth,
        LoginThrottle.fromJson(authTree.getJsonObject("login_throttle")),
        ExternalIdentityProvider.Settings.fromJson(authTree.getJsonObject("external"))
            .withDefaultAudience(auth.audience()),
        BootstrapConfig.from(checked.getJsonObject("bootstrap")),
        RedisConfig.from(checked.getJsonObject("redis")),
        CacheConfig.from(checked.getJsonObject("cache")),
        RateLimitConfig.from(checked.getJsonObject("rate_limit")),
        EventsConfig.from(checked.getJsonObject("kafka"), checked.getJsonObject("events")),
        AttachmentsConfig.from(checked.getJsonObject("attachments")),
        ClusterConfig.from(checked.getJsonObject("cluster")),
        TracingConfig.from(checked.getJsonObject("tracing")),
        NotificationsConfig.from(
            checked.getJsonObject("notifications"), checked.getJsonObject("smtp")),
        PmConfig.from(checked.getJsonObject("pm")));
  }
}
