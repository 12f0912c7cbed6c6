package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static Object at(JsonObject root, String dottedKey) {
    Object node = root;
    for (String part : dottedKey.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }

  @Test
  void theDocumentedVariablesAreMapped() {
    assertThat(ConfigLoader.ENVIRONMENT)
        .containsAllEntriesOf(
            Map.of(
                "HTTP_PORT", "http.port",
                "DATABASE_URL", "database.url",
                "BOOTSTRAP_ADMIN_EMAIL", "bootstrap.admin_email",
                "BOOTSTRAP_ADMIN_PASSWORD", "bootstrap.admin_password",
                "REDIS_URL", "redis.url",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers",
                "RATE_LIMIT_PER_MINUTE", "rate_limit.per_minute"));
  }

  @Test
  void httpPortOverridesTheNestedKeyAndKeepsItsSiblings() {
    JsonObject merged =
        new JsonObject()
            .put("http", new JsonObject().put("host", "0.0.0.0").put("port", 8080))
            .put("HTTP_PORT", "9090");
    JsonObject result = ConfigLoader.applyEnvironment(merged);
    assertThat(result.getJsonObject("http"))
        .isEqualTo(new JsonObject().put("host", "0.0.0.0").put("port", "9090"));
    assertThat(result.containsKey("HTTP_PORT")).isFalse();
  }

  @Test
  void everyVariableLandsOnItsNestedKey() {
    for (Map.Entry<String, String> entry : ConfigLoader.ENVIRONMENT.entrySet()) {
      String value = "value-of-" + entry.getKey();
      JsonObject result =
          ConfigLoader.applyEnvironment(new JsonObject().put(entry.getKey(), value));
      assertThat(at(result, entry.getValue())).as(entry.getKey()).isEqualTo(value);
      assertThat(result.containsKey(entry.getKey())).as(entry.getKey()).isFalse();
    }
  }

  @Test
  void missingParentsAreCreated() {
    JsonObject result =
        ConfigLoader.applyEnvironment(
            new JsonObject()
                .put("EMBEDDED_DATABASE_DIR", "/tmp/pg")
                .put("DATABASE_URL", "postgresql://u@h/db"));
    assertThat(result)
        .isEqualTo(
            new JsonObject()
                .put(
                    "database",
                    new JsonObject()
                        .put("embedded", new JsonObject().put("data_dir", "/tmp/pg"))
                        .put("url", "postgresql://u@h/db")));
  }

  @Test
  void otherKeysAreLeftAloneAndTheInputIsNotChanged() {
    JsonObject merged =
        new JsonObject()
            .put("auth", new JsonObject().put("issuer", "from-file"))
            .put("UNRELATED", "kept")
            .put("JWT_AUDIENCE", "aud");
    JsonObject before = merged.copy();
    JsonObject result = ConfigLoader.applyEnvironment(merged);
    assertThat(merged).isEqualTo(before);
    assertThat(result.getString("UNRELATED")).isEqualTo("kept");
    assertThat(result.getJsonObject("auth"))
        .isEqualTo(new JsonObject().put("issuer", "from-file").put("audience", "aud"));
  }

  @Test
  void withoutVariablesNothingChanges() {
    JsonObject merged = new JsonObject().put("http", new JsonObject().put("port", 8080));
    assertThat(ConfigLoader.applyEnvironment(merged)).isEqualTo(merged);
  }

  @Test
  void environmentStringsPassValidation() {
    JsonObject merged =
        new JsonObject()
            .put("http", new JsonObject().put("port", 8080))
            .put("HTTP_PORT", "8081")
            .put("DATABASE_POOL_SIZE", "4")
            .put("PASSWORD_HASH_ITERATIONS", "1000")
            .put("ACCESS_TOKEN_TTL_SECONDS", "120")
            .put("BOOTSTRAP_ADMIN_EMAIL", "ops@example.com");
    AppConfig config = AppConfig.load(ConfigLoader.applyEnvironment(merged));
    assertThat(config.http().port()).isEqualTo(8081);
    assertThat(config.database().poolSize()).isEqualTo(4);
    assertThat(config.auth().passwordIterations()).isEqualTo(1000);
    assertThat(config.auth().accessTokenTtlSeconds()).isEqualTo(120);
    assertThat(config.bootstrap().adminEmail()).isEqualTo("ops@example.com");
  }

  @Test
  void loadReadsTheYamlFileAndToleratesAMissingDefaultOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, "auth:\n  issuer: from-file\ndatabase:\n  pool_size: 7\n");
    ConfigInput loaded = ConfigLoader.load(file.toString(), null, Map.of());
    assertThat(at(loaded.values(), "auth.issuer")).isEqualTo("from-file");
    assertThat(at(loaded.values(), "database.pool_size")).isEqualTo(7);
    assertThat(loaded.origins()).containsEntry("auth.issuer", file.toString());
    ConfigInput none = ConfigLoader.load(dir.resolve("absent.yaml").toString(), null, Map.of());
    assertThat(none.values().isEmpty()).isTrue();
  }

  @Test
  void anExplicitFileThatIsMissingIsOneClearError(@TempDir Path dir) {
    String missing = dir.resolve("nope.yaml").toString();
    assertThat(refused(() -> ConfigLoader.load(missing, "--config", Map.of())).problems())
        .containsExactly("--config " + missing + ": no such file");
    assertThat(refused(() -> ConfigLoader.load(missing, "WRENCH_CONFIG", Map.of())).problems())
        .containsExactly("WRENCH_CONFIG " + missing + ": no such file");
  }

  @Test
  void aFileThatIsNotYamlIsNamedWithThePlaceButNotQuoted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, "smtp:\n  password: \"hunter2-in-a-file\n  port: [\n");
    assertThat(refused(() -> ConfigLoader.load(file.toString(), "--config", Map.of())).problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(file + ": is not valid YAML (line ")
        .doesNotContain("hunter2");
    assertThat(refused(() -> ConfigLoader.load(dir.toString(), "--config", Map.of())).problems())
        .containsExactly(dir + ": cannot be read (IOException)");
    Files.writeString(file, "- a list\n");
    assertThat(refused(() -> ConfigLoader.load(file.toString(), null, Map.of())).problems())
        .containsExactly(file + ": is not a map of keys");
    Files.writeString(file, "");
    assertThat(ConfigLoader.load(file.toString(), null, Map.of()).values().isEmpty()).isTrue();
  }

  @Test
  void variablesGoOverTheFileAndAreNamedAsTheOrigin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, "http:\n  port: 9000\n  host: 127.0.0.1\n");
    ConfigInput loaded =
        ConfigLoader.load(file.toString(), null, Map.of("HTTP_PORT", "9001", "UNRELATED", "x"));
    assertThat(at(loaded.values(), "http.port")).isEqualTo("9001");
    assertThat(at(loaded.values(), "http.host")).isEqualTo("127.0.0.1");
    assertThat(loaded.origins())
        .containsEntry("http.port", "HTTP_PORT")
        .containsEntry("http.host", file.toString())
        .doesNotContainKey("UNRELATED");
  }

  static ConfigException refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class, call);
    assertThat(e).isNotNull();
    return e;
  }
}
