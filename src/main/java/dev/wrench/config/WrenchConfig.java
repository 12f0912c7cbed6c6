package dev.wrench.config;

import dev.wrench.db.DatabaseSettings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated configuration. Built from the merged JSON of {@code conf/config.yaml} and the
 * environment by {@link #from(JsonObject)}, which lists every bad key at once.
 */
public record WrenchConfig(Http http, Database database, Auth auth, Bootstrap bootstrap) {

  public record Http(String host, int port, int instances, long bodyLimitBytes) {}

  public record Database(
      String url, int poolSize, int instances, String embeddedDataDir, int embeddedPort) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  public record Auth(
      String issuer,
      String audience,
      int accessTokenTtlSeconds,
      String keyDir,
      int passwordIterations,
      int tokenCacheSize) {}

  public record Bootstrap(String adminEmail, String adminPassword, String passwordFile) {}

  public static WrenchConfig from(JsonObject json) {
    Reader r = new Reader(json);
    Http http =
        new Http(
            r.string("http.host", "0.0.0.0"),
            r.integer("http.port", 8080, 0, 65535),
            r.integer("http.instances", 0, 0, 64),
            r.integer("http.body_limit_bytes", 1_048_576, 1024, 64 * 1024 * 1024));
    String url = r.string("database.url", "");
    if (!url.isBlank()) {
      if (!DatabaseSettings.isValidUrl(url)) {
        r.problem("database.url", "is not a postgresql:// URL");
      }
    }
    Database database =
        new Database(
            url,
            r.integer("database.pool_size", 16, 1, 500),
            r.integer("database.instances", 0, 0, 64),
            r.string("database.embedded.data_dir", "data/postgres"),
            r.integer("database.embedded.port", 15432, 0, 65535));
    Auth auth =
        new Auth(
            r.nonBlank("auth.issuer", "wrench"),
            r.nonBlank("auth.audience", "wrench-api"),
            r.integer("auth.access_token_ttl_seconds", 900, 60, 86_400),
            r.nonBlank("auth.key_dir", "data/keys"),
            r.integer("auth.password_iterations", 600_000, 1_000, 10_000_000),
            r.integer("auth.token_cache_size", 10_000, 0, 1_000_000));
    String adminEmail = r.nonBlank("bootstrap.admin_email", "admin@wrench.local");
    if (!adminEmail.contains("@")) {
      r.problem("bootstrap.admin_email", "is not an e-mail address");
    }
    String adminPassword = r.string("bootstrap.admin_password", "");
    if (!adminPassword.isEmpty() && adminPassword.length() < 12) {
      r.problem("bootstrap.admin_password", "must be at least 12 characters");
    }
    Bootstrap bootstrap =
        new Bootstrap(
            adminEmail,
            adminPassword,
            r.nonBlank("bootstrap.password_file", "data/bootstrap-admin-password"));
    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    return new WrenchConfig(http, database, auth, bootstrap);
  }

  /** Reads dotted keys, tolerating strings for numbers (environment variables are strings). */
  private static final class Reader {
    private final JsonObject root;
    private final List<String> problems = new ArrayList<>();

    Reader(JsonObject root) {
      this.root = root;
    }

    void problem(String key, String message) {
      problems.add(key + " " + message);
    }

    Object raw(String key) {
      Object node = root;
      for (String part : key.split("\\.")) {
        if (!(node instanceof JsonObject object)) {
          return null;
        }
        node = object.getValue(part);
      }
      return node;
    }

    String string(String key, String fallback) {
      Object value = raw(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof JsonObject || value instanceof io.vertx.core.json.JsonArray) {
        problem(key, "must be a string");
        return fallback;
      }
      return value.toString();
    }

    String nonBlank(String key, String fallback) {
      String value = string(key, fallback);
      if (value.isBlank()) {
        problem(key, "must not be empty");
      }
      return value;
    }

    int integer(String key, int fallback, int min, int max) {
      Object value = raw(key);
      if (value == null || (value instanceof String s && s.isBlank())) {
        return fallback;
      }
      long parsed;
      try {
        parsed =
            value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        if (value instanceof Number n && n.doubleValue() != parsed) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problem(key, "must be an integer, got '" + value + "'");
        return fallback;
      }
      if (parsed < min || parsed > max) {
        problem(key, "must be between " + min + " and " + max + ", got " + parsed);
        return fallback;
      }
      return (int) parsed;
    }
  }
}
