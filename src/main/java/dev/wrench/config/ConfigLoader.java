package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration as given, in layers, each over the one before: the profile's file ({@code
 * WRENCH_PROFILE}: {@code conf/config-<profile>.yaml}), the configuration file ({@code
 * conf/config.yaml} in the working directory, or the one {@code --config} or {@code WRENCH_CONFIG}
 * names, which must then exist), then the environment variables of {@link #ENVIRONMENT}, a secret
 * one also from the file its {@code <VARIABLE>_FILE} names. The values stay as given (the
 * environment's are strings): {@link Configuration#check} types them, puts them over the defaults
 * (the jar's {@code conf/config.yaml}) and checks them, naming where a bad value came from.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Environment variable → the configuration key it overrides. */
  public static final Map<String, String> ENVIRONMENT = environment();

  private static Map<String, String> environment() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("HTTP_HOST", "http.host");
    map.put("HTTP_PORT", "http.port");
    map.put("HTTP_INSTANCES", "http.instances");
    map.put("SHUTDOWN_DRAIN_DELAY_MS", "http.drain_delay_ms");
    map.put("SHUTDOWN_GRACE_SECONDS", "http.shutdown_grace_seconds");
    map.put("CORS_ALLOWED_ORIGINS", "http.cors.allowed_origins");
    map.put("DATABASE_URL", "database.url");
    map.put("DATABASE_POOL_SIZE", "database.pool_size");
    map.put("DATABASE_INSTANCES", "database.instances");
    map.put("DATABASE_ROW_SECURITY", "database.row_security");
    map.put("DATABASE_CONNECT_TIMEOUT_SECONDS", "database.connect_timeout_seconds");
    map.put("EMBEDDED_DATABASE_DIR", "database.embedded.data_dir");
    map.put("EMBEDDED_DATABASE_PORT", "database.embedded.port");
    map.put("EMBEDDED_DATABASE_DURABLE", "database.embedded.durable");
    map.put("JWT_ISSUER", "auth.issuer");
    map.put("JWT_AUDIENCE", "auth.audience");
    map.put("ACCESS_TOKEN_TTL_SECONDS", "auth.access_token_ttl_seconds");
    map.put("REFRESH_TOKEN_TTL_SECONDS", "auth.refresh_token_ttl_seconds");
    map.put("JWT_KEY_DIR", "auth.key_dir");
    map.put("LOGIN_LOCKOUT_SECONDS", "auth.login_throttle.lockout_seconds");
    map.put("LOGIN_ACCOUNT_LOCKOUT_AFTER", "auth.login_throttle.account_lockout_after");
    map.put("LOGIN_ADDRESS_LOCKOUT_AFTER", "auth.login_throttle.address_lockout_after");
    map.put("EXTERNAL_IDP_ISSUER", "auth.external.issuer");
    map.put("EXTERNAL_IDP_JWKS_URL", "auth.external.jwks_url");
    map.put("EXTERNAL_IDP_AUDIENCE", "auth.external.audience");
    map.put("EXTERNAL_IDP_ORG_CLAIM", "auth.external.org_claim");
    map.put("EXTERNAL_IDP_ROLE_CLAIM", "auth.external.role_claim");
    map.put("PASSWORD_HASH_ITERATIONS", "auth.password_iterations");
    map.put("BOOTSTRAP_ADMIN_EMAIL", "bootstrap.admin_email");
    map.put("BOOTSTRAP_ADMIN_PASSWORD", "bootstrap.admin_password");
    map.put("REDIS_URL", "redis.url");
    map.put("REDIS_KEY_PREFIX", "redis.key_prefix");
    map.put("CACHE_ENABLED", "cache.enabled");
    map.put("RATE_LIMIT_PER_MINUTE", "rate_limit.per_minute");
    map.put("RATE_LIMIT_ANONYMOUS_PER_MINUTE", "rate_limit.anonymous_per_minute");
    map.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers");
    map.put("KAFKA_TOPIC", "kafka.topic");
    map.put("ATTACHMENTS_DIR", "attachments.data_dir");
    map.put("ATTACHMENT_MAX_SIZE_BYTES", "attachments.max_size_bytes");
    map.put("ATTACHMENT_ALLOWED_TYPES", "attachments.allowed_types");
    map.put("ATTACHMENTS_STREAM_DOWNLOADS", "attachments.stream_downloads");
    map.put("S3_ENDPOINT", "attachments.s3.endpoint");
    map.put("S3_BUCKET", "attachments.s3.bucket");
    map.put("S3_REGION", "attachments.s3.region");
    map.put("S3_PATH_STYLE", "attachments.s3.path_style");
    map.put("S3_CREATE_BUCKET", "attachments.s3.create_bucket");
    // Empty: the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role).
    map.put("S3_ACCESS_KEY_ID", "attachments.s3.access_key_id");
    map.put("S3_SECRET_ACCESS_KEY", "attachments.s3.secret_access_key");
    map.put("CLUSTER_ENABLED", "cluster.enabled");
    map.put("CLUSTER_NAME", "cluster.name");
    map.put("CLUSTER_HOST", "cluster.host");
    map.put("CLUSTER_PORT", "cluster.port");
    map.put("CLUSTER_MEMBERS", "cluster.members");
    map.put("CLUSTER_EVENT_BUS_PORT", "cluster.event_bus_port");
    // The exporter, endpoint, sampler... come from the standard OTEL_* variables, read by the SDK.
    map.put("TRACING_ENABLED", "tracing.enabled");
    map.put("NOTIFICATIONS_ENABLED", "notifications.enabled");
    map.put("NOTIFICATION_MAX_ATTEMPTS", "notifications.max_attempts");
    map.put("NOTIFICATION_BACKOFF_BASE_MS", "notifications.backoff_base_ms");
    map.put("NOTIFICATION_BACKOFF_MAX_MS", "notifications.backoff_max_ms");
    map.put("NOTIFICATION_DLQ_TOPIC", "notifications.dlq_topic");
    map.put("WEBHOOK_TIMEOUT_MS", "notifications.webhooks.timeout_ms");
    map.put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "notifications.webhooks.allow_private_targets");
    map.put("WEBHOOK_SECRET_GRACE_SECONDS", "notifications.webhooks.secret_grace_seconds");
    map.put("SMTP_HOST", "smtp.host");
    map.put("SMTP_PORT", "smtp.port");
    map.put("SMTP_FROM", "smtp.from");
    map.put("SMTP_USERNAME", "smtp.username");
    map.put("SMTP_PASSWORD", "smtp.password");
    map.put("SMTP_STARTTLS", "smtp.starttls");
    map.put("SMTP_SSL", "smtp.ssl");
    return Collections.unmodifiableMap(map);
  }

  /**
   * The configuration as given, and where each key came from.
   *
   * @param configPath the configuration file
   * @param explicitlyBy what named it ({@code --config}, {@code WRENCH_CONFIG}), or null for the
   *     default path, which may be absent; a file named explicitly must exist
   * @param environment the process environment
   * @throws ConfigException naming each problem: a missing file, an unknown profile, a secret file
   *     that cannot be read or is set beside its variable
   */
  public static ConfigInput load(
      String configPath, String explicitlyBy, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    JsonObject given = new JsonObject();
    Map<String, String> origins = new HashMap<>();
    String profile = Profiles.chosen(environment, problems);
    if (!profile.isEmpty()) {
      YamlFiles.Source source = Profiles.file(profile, configPath);
      layer(given, origins, source.read(problems), source.label());
    }
    Path file = Path.of(configPath);
    if (Files.exists(file)) {
      YamlFiles.Source source = YamlFiles.Source.ofPath(file);
      layer(given, origins, source.read(problems), source.label());
    } else if (explicitlyBy != null) {
      problems.add(explicitlyBy + " " + configPath + ": no such file");
    }
    JsonObject variables = new JsonObject();
    Map<String, String> variableOrigins = new HashMap<>();
    ENVIRONMENT.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null) {
            variables.put(variable, value);
            variableOrigins.put(key, variable);
          }
        });
    SecretFiles.read(environment, variables, variableOrigins, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    JsonObject fromVariables = applyEnvironment(variables);
    given = Coercion.overlay(ConfigSchema.get(), given, fromVariables);
    origins.putAll(variableOrigins);
    return new ConfigInput(given, origins, profile);
  }

  /** {@code layer} over {@code given}, each of its keys marked as coming from {@code label}. */
  private static void layer(
      JsonObject given, Map<String, String> origins, JsonObject layer, String label) {
    given.mergeIn(Coercion.overlay(ConfigSchema.get(), given, layer));
    for (String key : ConfigInput.leaves(layer, "")) {
      origins.put(key, label);
    }
  }

  /** Moves the flat environment keys onto the nested keys they override. */
  static JsonObject applyEnvironment(JsonObject merged) {
    JsonObject result = merged.copy();
    ENVIRONMENT.forEach(
        (variable, key) -> {
          Object value = result.remove(variable);
          if (value != null) {
            put(result, key, value);
          }
        });
    return result;
  }

  private static void put(JsonObject root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
