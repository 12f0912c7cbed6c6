package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <VARIABLE>_FILE}: the Docker and Kubernetes secrets convention, for the secret keys. */
class SecretFilesTest {

  @TempDir Path dir;

  private ConfigInput load(Map<String, String> environment) {
    return ConfigLoader.load(dir.resolve("absent.yaml").toString(), null, environment);
  }

  private String secretFile(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file.toString();
  }

  @Test
  void theSecretKeysAreTheSchemasAndEachHasAFileVariable() {
    assertThat(SchemaKeys.SECRET)
        .containsExactlyInAnyOrder(
            "database.url",
            "redis.url",
            "bootstrap.admin_password",
            "attachments.s3.access_key_id",
            "attachments.s3.secret_access_key",
            "smtp.password");
    assertThat(SecretFiles.variables())
        .containsExactlyInAnyOrder(
            "DATABASE_URL",
            "REDIS_URL",
            "BOOTSTRAP_ADMIN_PASSWORD",
            "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY",
            "SMTP_PASSWORD");
  }

  @Test
  void aSecretIsReadFromItsFileWithoutTheTrailingNewline() throws Exception {
    AppConfig config =
        AppConfig.load(
            load(
                Map.of(
                    "BOOTSTRAP_ADMIN_PASSWORD_FILE",
                    secretFile("admin", "correct horse battery\n"),
                    "DATABASE_URL_FILE",
                    secretFile("db", "postgresql://u:p@db:5432/wrench\r\n"),
                    "SMTP_PASSWORD_FILE",
                    secretFile("smtp", "mail-pass"))));
    assertThat(config.bootstrap().adminPassword()).isEqualTo("correct horse battery");
    assertThat(config.database().url()).isEqualTo("postgresql://u:p@db:5432/wrench");
    assertThat(config.notifications().smtp().password()).isEqualTo("mail-pass");
  }

  @Test
  void aBadValueFromAFileIsNamedWithTheFileVariable() throws Exception {
    ConfigInput input = load(Map.of("DATABASE_URL_FILE", secretFile("db", "mysql://u:p@db/w\n")));
    assertThat(ConfigLoaderTest.refused(() -> AppConfig.load(input)).problems())
        .containsExactly("DATABASE_URL_FILE (database.url) is not a postgresql:// URL");
  }

  @Test
  void theVariableAndItsFileBothSetIsAnError() throws Exception {
    String file = secretFile("smtp", "from-file");
    assertThat(
            ConfigLoaderTest.refused(
                    () -> load(Map.of("SMTP_PASSWORD", "direct", "SMTP_PASSWORD_FILE", file)))
                .problems())
        .containsExactly(
            "SMTP_PASSWORD and SMTP_PASSWORD_FILE (smtp.password) are both set: set one of them");
    // An empty variable is not set (compose files often pass VAR: ${VAR:-}).
    assertThat(load(Map.of("SMTP_PASSWORD", "", "SMTP_PASSWORD_FILE", file)).values().encode())
        .contains("from-file");
  }

  @Test
  void anUnreadableFileIsAnErrorNamingTheVariableAndThePath() {
    String missing = dir.resolve("no-such-secret").toString();
    assertThat(
            ConfigLoaderTest.refused(() -> load(Map.of("S3_SECRET_ACCESS_KEY_FILE", missing)))
                .problems())
        .containsExactly(
            "S3_SECRET_ACCESS_KEY_FILE (attachments.s3.secret_access_key): cannot read "
                + missing
                + " (NoSuchFileException)");
    assertThat(
            ConfigLoaderTest.refused(() -> load(Map.of("REDIS_URL_FILE", dir.toString())))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("REDIS_URL_FILE (redis.url): cannot read " + dir);
  }

  @Test
  void onlySecretVariablesHaveAFileVariable() throws Exception {
    ConfigInput input = load(Map.of("HTTP_PORT_FILE", secretFile("port", "9999")));
    assertThat(input.values().isEmpty()).isTrue();
  }
}
