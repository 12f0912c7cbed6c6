package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.app.BootstrapConfig;
import dev.wrench.auth.ExternalIdentityProvider;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked configuration of the server itself (HTTP, database, auth, Redis, cache, rate limits):
 * the defaults of conf/config.yaml, values as given, the environment's strings, and the bounds.
 */
class ServerConfigValuesTest extends CheckedConfigFixture {

  private static final HttpConfig.Cors NO_CORS = new HttpConfig.Cors(List.of(), 600);

  @Test
  void emptyConfigurationGivesTheDocumentedDefaults() {
    AppConfig config = AppConfig.load(new JsonObject());
    assertThat(config.http())
        .isEqualTo(new HttpConfig("0.0.0.0", 8080, 0, 1_048_576, 0, 30, NO_CORS));
    assertThat(config.database())
        .isEqualTo(new DatabaseConfig("", 16, 0, "data/postgres", 0, true, 30, true, 30));
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig("wrench", "wrench-api", 900, "data/keys", 600_000, 10_000, 2_592_000));
    assertThat(config.bootstrap())
        .isEqualTo(new BootstrapConfig("admin@wrench.local", "", "data/bootstrap-admin-password"));
    assertThat(config.redis()).isEqualTo(new RedisConfig("", "wrench", 250, 3, 2_000, 32));
    assertThat(config.redis().configured()).isFalse();
    assertThat(config.redis().describe()).isEqualTo("none");
    assertThat(config.cache()).isEqualTo(new CacheConfig(true, 300, 900, 900, 100_000, 32, 2_000));
    assertThat(config.rateLimit())
        .isEqualTo(
            new RateLimitConfig(
                100,
                100,
                60,
                Map.of(
                    "issueToken",
                    10,
                    "submitPublicRequest",
                    10,
                    "getLiveness",
                    600,
                    "getReadiness",
                    600),
                Map.of(),
                Map.of()));
  }

  @Test
  void redisCacheAndRateLimitsAreReadAsGiven() {
    String client = "0b6f3c1e-8a6e-4f55-9c1a-3f2b7d9e0a11";
    JsonObject json =
        new JsonObject()
            .put(
                "redis",
                new JsonObject()
                    .put("url", "redis://user:secret@cache.internal:6380/2")
                    .put("key_prefix", "wrench-eu:1")
                    .put("timeout_ms", 50)
                    .put("breaker_max_failures", 5)
                    .put("breaker_reset_ms", 10_000)
                    .put("pool_size", 8))
            .put(
                "cache",
                new JsonObject()
                    .put("enabled", "false")
                    .put(
                        "ttl_seconds",
                        new JsonObject()
                            .put("work_orders", 10)
                            .put("assets", 20)
                            .put("technicians", 30))
                    .put("max_entries", 500)
                    .put("max_megabytes", 8)
                    .put("lease_timeout_ms", 100))
            .put(
                "rate_limit",
                new JsonObject()
                    .put("per_minute", "250")
                    .put("anonymous_per_minute", 20)
                    .put("window_seconds", 10)
                    .put("routes", new JsonObject().put("issueToken", 5).put("listWorkOrders", 50))
                    .put("roles", new JsonObject().put("requester", 30))
                    .put("clients", new JsonObject().put(client, 10_000)));
    AppConfig config = AppConfig.load(json);
    assertThat(config.redis())
        .isEqualTo(
            new RedisConfig(
                "redis://user:secret@cache.internal:6380/2", "wrench-eu:1", 50, 5, 10_000, 8));
    assertThat(config.redis().describe())
        .isEqualTo("redis://cache.internal:6380/2")
        .doesNotContain("secret");
    assertThat(config.cache()).isEqualTo(new CacheConfig(false, 10, 20, 30, 500, 8, 100));
    assertThat(config.rateLimit())
        .isEqualTo(
            new RateLimitConfig(
                250,
                20,
                10,
                Map.of("issueToken", 5, "listWorkOrders", 50),
                Map.of("requester", 30),
                Map.of(client, 10_000)));
    assertThat(config.rateLimit().clients().get(client)).isEqualTo(10_000);
    assertThat(AppConfig.load(with("redis.url", "redis://localhost")).redis().describe())
        .isEqualTo("redis://localhost:6379");
    assertThat(AppConfig.load(with("cache.enabled", true)).cache().enabled()).isTrue();
  }

  @Test
  void aFullValidConfigurationIsReadAsGiven() {
    JsonObject json =
        new JsonObject()
            .put(
                "http",
                new JsonObject()
                    .put("host", "127.0.0.1")
                    .put("port", 9090)
                    .put("instances", 4)
                    .put("body_limit_bytes", 2048))
            .put(
                "database",
                new JsonObject()
                    .put("url", "postgresql://wrench:secret@db.internal:5433/wrench")
                    .put("pool_size", 32)
                    .put("instances", 2)
                    .put(
                        "embedded", new JsonObject().put("data_dir", "/var/pg").put("port", 25432)))
            .put(
                "auth",
                new JsonObject()
                    .put("issuer", "iss")
                    .put("audience", "aud")
                    .put("access_token_ttl_seconds", 60)
                    .put("key_dir", "/keys")
                    .put("password_iterations", 1000)
                    .put("token_cache_size", 0))
            .put(
                "bootstrap",
                new JsonObject()
                    .put("admin_email", "root@example.com")
                    .put("admin_password", "twelve-chars")
                    .put("password_file", "/run/pw"));
    AppConfig config = AppConfig.load(json);
    assertThat(config.http()).isEqualTo(new HttpConfig("127.0.0.1", 9090, 4, 2048, 0, 30, NO_CORS));
    assertThat(config.database())
        .isEqualTo(
            new DatabaseConfig(
                "postgresql://wrench:secret@db.internal:5433/wrench",
                32,
                2,
                "/var/pg",
                25432,
                true,
                30,
                true,
                30));
    assertThat(config.database().embedded()).isFalse();
    assertThat(config.auth())
        .isEqualTo(new AuthConfig("iss", "aud", 60, "/keys", 1000, 0, 2_592_000));
    assertThat(config.bootstrap())
        .isEqualTo(new BootstrapConfig("root@example.com", "twelve-chars", "/run/pw"));
  }

  @Test
  void numbersGivenAsStringsAreAcceptedLikeEnvironmentVariables() {
    JsonObject json = new JsonObject();
    with(json, "http.port", "8080");
    with(json, "http.instances", "3");
    with(json, "http.body_limit_bytes", "4096");
    with(json, "database.pool_size", "16");
    with(json, "database.instances", " 2 ");
    with(json, "database.embedded.port", "15433");
    with(json, "auth.access_token_ttl_seconds", "3600");
    with(json, "auth.password_iterations", "600000");
    with(json, "auth.token_cache_size", "5");
    AppConfig config = AppConfig.load(json);
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().instances()).isEqualTo(3);
    assertThat(config.http().bodyLimitBytes()).isEqualTo(4096);
    assertThat(config.database().poolSize()).isEqualTo(16);
    assertThat(config.database().instances()).isEqualTo(2);
    assertThat(config.database().embeddedPort()).isEqualTo(15433);
    assertThat(config.auth().accessTokenTtlSeconds()).isEqualTo(3600);
    assertThat(config.auth().passwordIterations()).isEqualTo(600_000);
    assertThat(config.auth().tokenCacheSize()).isEqualTo(5);
  }

  @Test
  void blankNumbersFallBackToTheDefault() {
    assertThat(AppConfig.load(with("http.port", "")).http().port()).isEqualTo(8080);
    assertThat(AppConfig.load(with("http.port", "  ")).http().port()).isEqualTo(8080);
  }

  @Test
  void boundariesAreInclusive() {
    assertThat(AppConfig.load(with("http.port", 0)).http().port()).isEqualTo(0);
    assertThat(AppConfig.load(with("http.port", 65535)).http().port()).isEqualTo(65535);
    assertThat(AppConfig.load(with("http.body_limit_bytes", 1024)).http().bodyLimitBytes())
        .isEqualTo(1024);
    assertThat(
            AppConfig.load(with("auth.access_token_ttl_seconds", 86_400))
                .auth()
                .accessTokenTtlSeconds())
        .isEqualTo(86_400);
    assertThat(
            AppConfig.load(with("auth.password_iterations", 10_000_000))
                .auth()
                .passwordIterations())
        .isEqualTo(10_000_000);
    assertThat(
            AppConfig.load(with("bootstrap.admin_password", "exactly-12ch"))
                .bootstrap()
                .adminPassword())
        .isEqualTo("exactly-12ch");
    assertThat(AppConfig.load(with("database.pool_size", 500)).database().poolSize())
        .isEqualTo(500);
  }

  @Test
  void anExternalIdentityProviderIsValidatedAndDefaultsToWrenchsAudience() {
    JsonObject json = new JsonObject();
    with(json, "auth.external.issuer", "https://idp.example/realms/x");
    with(json, "auth.external.jwks_url", "https://idp.example/certs");
    with(json, "auth.external.roles", new JsonObject().put("ops-admin", "admin"));
    ExternalIdentityProvider.Settings idp = AppConfig.load(json).externalIdp();
    assertThat(idp.enabled()).isTrue();
    assertThat(idp.audience()).isEqualTo("wrench-api");
    assertThat(idp.orgClaim()).isEqualTo("org_id");
    assertThat(idp.roleClaim()).isEqualTo("role");
    assertThat(idp.roles()).containsEntry("ops-admin", "admin");
    assertThat(AppConfig.load(new JsonObject()).externalIdp().enabled()).isFalse();

    JsonObject bad = new JsonObject();
    with(bad, "auth.external.issuer", "wrench");
    with(bad, "auth.external.jwks_url", "ftp://idp");
    with(bad, "auth.external.org_claim", "");
    with(bad, "auth.external.roles", new JsonObject().put("ops", "root"));
    ConfigException e = refused(bad);
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("auth.external.issuer "))
        .anySatisfy(p -> assertThat(p).startsWith("auth.external.jwks_url "))
        .anySatisfy(p -> assertThat(p).startsWith("auth.external.org_claim "))
        .anySatisfy(p -> assertThat(p).startsWith("auth.external.roles.ops "));
    assertThat(refused(with("auth.external.roles", "admin")).problems())
        .containsExactly(
            "auth.external.roles must be a map of the provider's role to a Wrench role");
  }

  @Test
  void corsOriginsComeAsAListOrACommaSeparatedStringAndAreChecked() {
    assertThat(AppConfig.load(new JsonObject()).http().cors().allowedOrigins()).isEmpty();
    assertThat(
            AppConfig.load(
                    with(
                        "http.cors.allowed_origins",
                        "https://a.example.com, http://localhost:3000"))
                .http()
                .cors()
                .allowedOrigins())
        .containsExactly("https://a.example.com", "http://localhost:3000");
    assertThat(
            AppConfig.load(
                    with(
                        "http.cors.allowed_origins",
                        new io.vertx.core.json.JsonArray().add("https://a.example.com")))
                .http()
                .cors()
                .allowedOrigins())
        .containsExactly("https://a.example.com");
    for (Object bad : List.of("*", "https://a.example.com/path", new JsonObject())) {
      assertThat(refused(with("http.cors.allowed_origins", bad)).problems())
          .allSatisfy(p -> assertThat(p).startsWith("http.cors.allowed_origins "));
    }
  }
}
