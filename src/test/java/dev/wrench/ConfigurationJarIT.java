package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.config.ConfigLoader;
import dev.wrench.support.LocalHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when the packaged jar refuses its configuration: exit code 2 and one line
 * per problem, naming the variable or the file and the key. Such a start ends before Vert.x starts,
 * so each case takes a second or two.
 */
class ConfigurationJarIT {

  @TempDir Path workDir;

  /** The exit code and the lines the jar printed, given only {@code environment}. */
  record Run(int exitCode, List<String> lines) {}

  static Run run(Path workDir, Map<String, String> environment, String... arguments)
      throws Exception {
    Process process =
        LocalHttp.startJar(
            workDir,
            name ->
                ConfigLoader.ENVIRONMENT.containsKey(name)
                    || name.startsWith("WRENCH_")
                    || name.endsWith("_FILE"),
            environment,
            List.of(arguments));
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the jar did not stop on its own");
    }
    List<String> lines =
        Files.readAllLines(workDir.resolve("service.log")).stream()
            .filter(line -> !line.isBlank())
            .toList();
    return new Run(process.exitValue(), lines);
  }

  private Run run(Map<String, String> environment, String... arguments) throws Exception {
    return run(workDir, environment, arguments);
  }

  @Test
  void aMissingExplicitConfigFileStopsWithOneLine() throws Exception {
    Run run = run(Map.of(), "--config", "/nope.yaml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.lines())
        .containsExactly("Invalid configuration: --config /nope.yaml: no such file");
    Run byVariable = run(Map.of("WRENCH_CONFIG", "/nope.yaml"));
    assertThat(byVariable.exitCode()).isEqualTo(2);
    assertThat(byVariable.lines())
        .containsExactly("Invalid configuration: WRENCH_CONFIG /nope.yaml: no such file");
  }

  @Test
  void badValuesAreNamedByVariableOrFileAndKey() throws Exception {
    Path file = workDir.resolve("custom.yaml");
    Files.writeString(file, "http:\n  prot: 8081\ncache:\n  enabled: maybe\n");
    Run run = run(Map.of("DATABASE_POOL_SIZE", "abc"), "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.lines())
        .containsExactlyInAnyOrder(
            "Invalid configuration: DATABASE_POOL_SIZE (database.pool_size) must be an integer,"
                + " got 'abc'",
            "Invalid configuration: "
                + file
                + ": http.prot is not a known key — did you mean http.port?",
            "Invalid configuration: "
                + file
                + ": cache.enabled must be true or false, got 'maybe'");
  }

  @Test
  void anUnknownProfileStops() throws Exception {
    Run run = run(Map.of("WRENCH_PROFILE", "staging"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.lines())
        .containsExactly(
            "Invalid configuration: WRENCH_PROFILE \"staging\" is not a profile (dev or prod)");
  }

  @Test
  void prodRefusesEveryDevelopmentDefaultAtOnce() throws Exception {
    Run run =
        run(
            Map.of(
                "WRENCH_PROFILE", "prod",
                "WEBHOOK_ALLOW_PRIVATE_TARGETS", "true",
                "CORS_ALLOWED_ORIGINS", "*"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.lines())
        .hasSize(4)
        .allSatisfy(line -> assertThat(line).startsWith("Invalid configuration: "))
        .anySatisfy(line -> assertThat(line).contains("database.url is empty"))
        .anySatisfy(line -> assertThat(line).contains("bootstrap.admin_password is empty"))
        .anySatisfy(
            line ->
                assertThat(line).contains("WEBHOOK_ALLOW_PRIVATE_TARGETS (notifications.webhooks."))
        .anySatisfy(
            line -> assertThat(line).contains("CORS_ALLOWED_ORIGINS (http.cors.allowed_origins)"));
  }

  @Test
  void secretFilesThatConflictOrCannotBeReadStop() throws Exception {
    Path secret = workDir.resolve("admin-password");
    Files.writeString(secret, "a-password-from-a-file\n");
    Map<String, String> environment = new HashMap<>();
    environment.put("BOOTSTRAP_ADMIN_PASSWORD", "a-password-in-a-variable");
    environment.put("BOOTSTRAP_ADMIN_PASSWORD_FILE", secret.toString());
    environment.put("SMTP_PASSWORD_FILE", "/run/secrets/absent");
    Run run = run(environment);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.lines())
        .containsExactlyInAnyOrder(
            "Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD and BOOTSTRAP_ADMIN_PASSWORD_FILE"
                + " (bootstrap.admin_password) are both set: set one of them",
            "Invalid configuration: SMTP_PASSWORD_FILE (smtp.password): cannot read"
                + " /run/secrets/absent (NoSuchFileException)");
  }
}
