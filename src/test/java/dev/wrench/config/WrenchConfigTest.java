package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.app.AppConfig;
import dev.wrench.app.BootstrapConfig;
import dev.wrench.attachment.AttachmentsConfig;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.events.EventsConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checked configuration ({@link Configuration#check}, through {@link AppConfig#load}): the
 * defaults of conf/config.yaml, values as given, the environment's strings, and every bad key
 * named.
 */
class WrenchConfigTest {

  private static final HttpConfig.Cors NO_CORS = new HttpConfig.Cors(List.of(), 600);

  /** {@code {"a": {"b": value}}} for the dotted key "a.b". */
  static JsonObject with(String dottedKey, Object value) {
    return with(new JsonObject(), dottedKey, value);
  }

  static JsonObject with(JsonObject root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      if (node.getJsonObject(parts[i]) == null) {
        node.put(parts[i], new JsonObject());
      }
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
    return root;
  }

  private static ConfigException refused(JsonObject json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AppConfig.load(json));
    assertThat(e).as("config %s", json.encode()).isNotNull();
    return e;
  }

  @Test
  void emptyConfigurationGivesTheDocumentedDefaults() {
    AppConfig config = AppConfig.load(new JsonObject());
    assertThat(config.http())
        .isEqualTo(new HttpConfig("0.0.0.0", 8080, 0, 1_048_576, 0, 30, NO_CORS));
    assertThat(config.database())
        .isEqualTo(new DatabaseConfig("", 16, 0, "data/postgres", 15432, 30, true));
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
                Map.of("issueToken", 10, "getLiveness", 600, "getReadiness", 600),
                Map.of(),
                Map.of()));
  }

  @Test
  void eventsDefaultToTheInProcessDelivery() {
    EventsConfig events = AppConfig.load(new JsonObject()).events();
    assertThat(events)
        .isEqualTo(
            new EventsConfig("", "wrench.work-orders.events", 15_000, 250, 3, 500, 30_000, 60_000));
    assertThat(events.kafka()).isFalse();
  }

  @Test
  void kafkaAndTheRelayAreReadAsGiven() {
    JsonObject json = with("kafka.bootstrap_servers", "kafka-1:9092,10.0.0.2:9093");
    with(json, "kafka.topic", "wo.events");
    with(json, "kafka.delivery_timeout_ms", "20000");
    with(json, "events.relay.lease_ms", 25_000);
    with(json, "events.relay.poll_ms", 10);
    with(json, "events.relay.nudge_gap_ms", 0);
    with(json, "events.relay.batch_size", 100);
    with(json, "events.overdue_check_ms", 1000);
    EventsConfig events = AppConfig.load(json).events();
    assertThat(events)
        .isEqualTo(
            new EventsConfig(
                "kafka-1:9092,10.0.0.2:9093", "wo.events", 20_000, 10, 0, 100, 25_000, 1_000));
    assertThat(events.kafka()).isTrue();
  }

  @Test
  void theRelayLeaseMustOutlastAKafkaDelivery() {
    JsonObject json = with("kafka.delivery_timeout_ms", 40_000);
    ConfigException e = refused(json);
    assertThat(e.problems())
        .containsExactly(
            "events.relay.lease_ms must be longer than kafka.delivery_timeout_ms (40000)");
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
    assertThat(config.rateLimit().toJson().getJsonObject("clients").getInteger(client))
        .isEqualTo(10_000);
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
                30,
                true));
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

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("http.host", new JsonObject()),
        Arguments.of("http.host", new JsonArray()),
        Arguments.of("http.port", "eighty"),
        Arguments.of("http.port", -1),
        Arguments.of("http.port", 65536),
        Arguments.of("http.port", "70000"),
        Arguments.of("http.port", 80.5),
        Arguments.of("http.port", true),
        Arguments.of("http.port", "99999999999999999999"),
        Arguments.of("http.instances", -1),
        Arguments.of("http.instances", 65),
        Arguments.of("http.body_limit_bytes", 1023),
        Arguments.of("http.body_limit_bytes", 64 * 1024 * 1024 + 1),
        Arguments.of("database.url", "mysql://user@localhost/wrench"),
        Arguments.of("database.url", "not a url"),
        Arguments.of("database.pool_size", 0),
        Arguments.of("database.pool_size", 501),
        Arguments.of("database.instances", 65),
        Arguments.of("database.embedded.data_dir", new JsonObject()),
        Arguments.of("database.embedded.port", 70000),
        Arguments.of("auth.issuer", ""),
        Arguments.of("auth.issuer", "   "),
        Arguments.of("auth.audience", ""),
        Arguments.of("auth.access_token_ttl_seconds", 59),
        Arguments.of("auth.access_token_ttl_seconds", 86_401),
        Arguments.of("auth.key_dir", ""),
        Arguments.of("auth.password_iterations", 999),
        Arguments.of("auth.password_iterations", "lots"),
        Arguments.of("auth.token_cache_size", -1),
        Arguments.of("bootstrap.admin_email", "admin.example.com"),
        Arguments.of("bootstrap.admin_email", ""),
        Arguments.of("bootstrap.admin_password", "short"),
        Arguments.of("bootstrap.admin_password", "elevenchars"),
        Arguments.of("bootstrap.password_file", " "),
        Arguments.of("redis.url", "http://cache:6379"),
        Arguments.of("redis.url", "redis://"),
        Arguments.of("redis.url", "redis://cache:6379/db"),
        Arguments.of("redis.url", "redis://cache:6379 x"),
        Arguments.of("redis.key_prefix", ""),
        Arguments.of("redis.key_prefix", "has space"),
        Arguments.of("redis.timeout_ms", 0),
        Arguments.of("redis.breaker_max_failures", 0),
        Arguments.of("redis.breaker_reset_ms", 10),
        Arguments.of("redis.pool_size", 0),
        Arguments.of("cache.enabled", "maybe"),
        Arguments.of("cache.ttl_seconds.work_orders", 0),
        Arguments.of("cache.ttl_seconds.assets", 86_401),
        Arguments.of("cache.max_entries", 10),
        Arguments.of("cache.lease_timeout_ms", 1),
        Arguments.of("rate_limit.per_minute", 0),
        Arguments.of("rate_limit.per_minute", "a hundred"),
        Arguments.of("rate_limit.anonymous_per_minute", -5),
        Arguments.of("rate_limit.window_seconds", 0),
        Arguments.of("rate_limit.window_seconds", 3_601),
        Arguments.of("rate_limit.routes", "issueToken=10"),
        Arguments.of("rate_limit.routes.issueToken", 0),
        Arguments.of("rate_limit.routes.not-an-operation", 10),
        Arguments.of("rate_limit.roles.superuser", 10),
        Arguments.of("rate_limit.roles.admin", "many"),
        Arguments.of("rate_limit.clients.alice", 10),
        Arguments.of("kafka.bootstrap_servers", "not a list"),
        Arguments.of("kafka.bootstrap_servers", "kafka:abc"),
        Arguments.of("kafka.bootstrap_servers", "kafka:9092,"),
        Arguments.of("kafka.bootstrap_servers", "kafka:99999"),
        Arguments.of("kafka.bootstrap_servers", ":9092"),
        Arguments.of("kafka.topic", "has space"),
        Arguments.of("kafka.topic", ""),
        Arguments.of("kafka.delivery_timeout_ms", 999),
        Arguments.of("events.relay.poll_ms", 0),
        Arguments.of("events.relay.batch_size", 10_001),
        Arguments.of("events.relay.lease_ms", 15_000),
        Arguments.of("events.overdue_check_ms", 5));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidValues")
  void anInvalidValueIsRefusedNamingItsKey(String key, Object value) {
    ConfigException e = refused(with(key, value));
    // Every problem is about this key (an empty e-mail is both empty and not an address).
    assertThat(e.problems())
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).startsWith(key + " "));
    assertThat(e.getMessage()).contains(key);
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
                .toJson()
                .getJsonArray("allowed_origins"))
        .containsExactly("https://a.example.com");
    for (Object bad : List.of("*", "https://a.example.com/path", new JsonObject())) {
      assertThat(refused(with("http.cors.allowed_origins", bad)).problems())
          .allSatisfy(p -> assertThat(p).startsWith("http.cors.allowed_origins "));
    }
  }

  @Test
  void everyProblemIsListedAtOnce() {
    JsonObject json = new JsonObject();
    with(json, "http.port", "eighty");
    with(json, "database.pool_size", 0);
    with(json, "auth.issuer", "");
    with(json, "auth.password_iterations", 10);
    with(json, "bootstrap.admin_email", "nobody");
    with(json, "bootstrap.admin_password", "short");
    ConfigException e = refused(json);
    assertThat(e.problems()).hasSize(6);
    List<String> keys =
        List.of(
            "http.port",
            "database.pool_size",
            "auth.issuer",
            "auth.password_iterations",
            "bootstrap.admin_email",
            "bootstrap.admin_password");
    for (String key : keys) {
      assertThat(e.problems())
          .as(key)
          .anySatisfy(problem -> assertThat(problem).startsWith(key + " "));
      assertThat(e.getMessage()).contains(key);
    }
  }

  @Test
  void aProblemShowsTheRejectedValue() {
    ConfigException e = refused(with("http.port", "eighty"));
    assertThat(e.problems().get(0)).contains("eighty");
    ConfigException range = refused(with("http.port", 70000));
    assertThat(range.problems().get(0)).contains("70000").contains("65535");
  }

  @Test
  void theProblemListCannotBeChangedByCallers() {
    ConfigException e = refused(with("http.port", "x"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.problems().add("more"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void attachmentsDefaultToALocalFolderWithTheDocumentedLimits() {
    AttachmentsConfig attachments = AppConfig.load(new JsonObject()).attachments();
    assertThat(attachments.usesS3()).isFalse();
    assertThat(attachments.describe()).contains("data/attachments");
    JsonObject json = attachments.toJson();
    assertThat(json.getLong("max_size_bytes")).isEqualTo(50L * 1024 * 1024);
    assertThat(json.getJsonArray("allowed_types").getList())
        .contains("image/png", "image/jpeg", "application/pdf");
    assertThat(json.getJsonObject("worker").getInteger("max_attempts")).isEqualTo(5);
  }

  @Test
  void s3IsSelectedByEndpointAndBucket() {
    JsonObject json = with("attachments.s3.endpoint", "http://127.0.0.1:9000");
    with(json, "attachments.s3.bucket", "wrench");
    with(json, "attachments.allowed_types", "image/png, application/pdf");
    with(json, "attachments.stream_downloads", "true");
    AttachmentsConfig attachments = AppConfig.load(json).attachments();
    assertThat(attachments.usesS3()).isTrue();
    assertThat(attachments.describe())
        .contains("S3 bucket wrench at http://127.0.0.1:9000")
        .contains("streamed");
    assertThat(attachments.toJson().getJsonArray("allowed_types").getList())
        .containsExactly("image/png", "application/pdf");
    assertThat(attachments.s3().region()).isEqualTo("us-east-1");
  }

  @Test
  void badAttachmentSettingsAreNamed() {
    JsonObject json = with("attachments.s3.endpoint", "ftp://nowhere");
    with(json, "attachments.s3.access_key_id", "only-the-id");
    with(json, "attachments.allowed_types", new io.vertx.core.json.JsonArray().add("not a type"));
    with(json, "attachments.max_size_bytes", 0);
    assertThat(refused(json).getMessage())
        .contains("attachments.s3.endpoint")
        .contains("attachments.s3.bucket")
        .contains("attachments.s3.secret_access_key")
        .contains("attachments.allowed_types")
        .contains("attachments.max_size_bytes");
    assertThat(refused(with("attachments.allowed_types", 3)).getMessage())
        .contains("attachments.allowed_types");
    assertThat(refused(with("attachments.s3.endpoint", "http://[bad")).getMessage())
        .contains("attachments.s3.endpoint");
  }
}
