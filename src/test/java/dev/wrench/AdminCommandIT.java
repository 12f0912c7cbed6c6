package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code admin} through the packaged jar: Main's exit codes, help, and a stdout that holds only the
 * command's answer (the logs go to stderr), so that it can be piped.
 */
class AdminCommandIT {

  @TempDir Path workDir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> environment, String stdin, String... arguments)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                Path.of("target", "wrench.jar").toAbsolutePath().toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(workDir.resolve("out.txt").toFile())
            .redirectError(workDir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("JWT_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
      return new Run(
          process.exitValue(),
          Files.readString(workDir.resolve("out.txt")),
          Files.readString(workDir.resolve("err.txt")));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void helpAndUsageErrorsHaveMainsExitCodes() throws Exception {
    Run help = run(Map.of(), "", "admin", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: java -jar wrench.jar admin", "signing-keys");
    assertThat(run(Map.of(), "", "admin", "create-user", "--help").out()).contains("--role");
    assertThat(run(Map.of(), "", "admin", "frobnicate").exitCode()).isEqualTo(2);
    assertThat(run(Map.of(), "", "demo", "--help").out()).contains("--force");
    Run badConfig = run(Map.of(), "", "--config", "/nope.yaml", "admin", "signing-keys");
    assertThat(badConfig.exitCode()).isEqualTo(2);
    assertThat(badConfig.err()).contains("Invalid configuration");
  }

  @Test
  void signingKeysPrintOnlyASecretOfTheKeyFiles() throws Exception {
    Run secret = run(Map.of("JWT_KEY_DIR", "keys"), "", "admin", "signing-keys");
    assertThat(secret.exitCode()).as(secret.err()).isZero();
    Map<String, Object> manifest = new Yaml().load(secret.out());
    assertThat(manifest).containsEntry("kind", "Secret");
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) manifest.get("stringData");
    assertThat(data.get("signing-key.pem"))
        .isEqualTo(Files.readString(workDir.resolve("keys/signing-key.pem")));
    assertThat(data.get("signing-key.pub.pem"))
        .isEqualTo(Files.readString(workDir.resolve("keys/signing-key.pub.pem")));
  }

  @Test
  void aUserIsMadeWithAPasswordFromStdinAndOnlyTheAnswerOnStdout() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      Run created =
          run(
              Map.of("DATABASE_URL", database.url(), "PASSWORD_HASH_ITERATIONS", "1000"),
              "a-password-from-stdin\n",
              "admin",
              "create-user",
              "--email",
              "pia@wrench.test",
              "--role",
              "requester",
              "--password-file",
              "-");
      assertThat(created.exitCode()).as(created.err()).isZero();
      assertThat(created.out().lines().toList())
          .singleElement()
          .asString()
          .startsWith("Created requester");
      assertThat(created.err()).contains("Migrations done");
    }
  }
}
