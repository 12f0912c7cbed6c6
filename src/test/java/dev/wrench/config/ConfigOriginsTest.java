package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refusal names what the user set: the variable and its key, or the file and the key. */
class ConfigOriginsTest {

  @TempDir Path dir;

  private ConfigException refused(String fileText, Map<String, String> environment)
      throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, fileText);
    ConfigInput input = ConfigLoader.load(file.toString(), null, environment);
    return ConfigLoaderTest.refused(() -> AppConfig.load(input));
  }

  @Test
  void aBadVariableIsNamedWithTheKeyItSets() throws Exception {
    assertThat(refused("", Map.of("HTTP_PORT", "abc")).problems())
        .containsExactly("HTTP_PORT (http.port) must be an integer, got 'abc'");
    assertThat(refused("", Map.of("DATABASE_POOL_SIZE", "0")).problems())
        .containsExactly(
            "DATABASE_POOL_SIZE (database.pool_size) must be between 1 and 500, got 0");
  }

  @Test
  void aBadValueOfTheFileIsNamedWithTheFileAndTheKey() throws Exception {
    String file = dir.resolve("config.yaml").toString();
    assertThat(refused("http:\n  port: abc\n", Map.of()).problems())
        .containsExactly(file + ": http.port must be an integer, got 'abc'");
    assertThat(refused("rate_limit:\n  routes: many\n", Map.of()).problems())
        .containsExactly(file + ": rate_limit.routes must be a map of name to requests per window");
  }

  @Test
  void anUnknownKeyOfTheFileIsNamedWithTheNearestKnownOne() throws Exception {
    String file = dir.resolve("config.yaml").toString();
    assertThat(refused("http:\n  prot: 8081\n", Map.of()).problems())
        .containsExactly(file + ": http.prot is not a known key — did you mean http.port?");
  }

  @Test
  void theVariableIsNamedWhenItOverridesTheFile() throws Exception {
    assertThat(refused("http:\n  port: 8081\n", Map.of("HTTP_PORT", "70000")).problems())
        .containsExactly("HTTP_PORT (http.port) must be between 0 and 65535, got 70000");
  }

  @Test
  void aRuleAcrossKeysNamesWhereTheKeyItBlamesCameFrom() throws Exception {
    assertThat(refused("", Map.of("S3_ENDPOINT", "http://s3.local")).problems())
        .containsExactly(
            "attachments.s3.bucket must be set when attachments.s3.endpoint is (S3_BUCKET)");
    assertThat(
            refused(
                    "",
                    Map.of(
                        "NOTIFICATION_BACKOFF_BASE_MS", "5000",
                        "NOTIFICATION_BACKOFF_MAX_MS", "1000"))
                .problems())
        .containsExactly(
            "NOTIFICATION_BACKOFF_MAX_MS (notifications.backoff_max_ms) must not be less than"
                + " backoff_base_ms");
  }

  @Test
  void noProblemShowsASecretValue() throws Exception {
    // An enumeration's refusal quotes the value: here it is also the SMTP password.
    assertThat(
            refused(
                    "",
                    Map.of("SMTP_STARTTLS", "hunter2-secret", "SMTP_PASSWORD", "hunter2-secret"))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("SMTP_STARTTLS (smtp.starttls) must be")
        .contains("(secret)")
        .doesNotContain("hunter2");
  }
}
