package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checked configuration ({@link Configuration#check}, through {@link AppConfig#load}) refuses
 * every bad value, naming its key and the value, and lists every problem at once.
 */
class WrenchConfigTest extends CheckedConfigFixture {

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
}
