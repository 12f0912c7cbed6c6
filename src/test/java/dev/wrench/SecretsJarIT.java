package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.config.ConfigLoader;
import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import dev.wrench.support.Tokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given to the packaged jar, directly and through {@code <VARIABLE>_FILE}, never show: not
 * in its output when the configuration is refused, nor when it starts and serves, nor in the health
 * responses.
 */
class SecretsJarIT {

  private static final String DATABASE_PASSWORD = "Db-S3cret-7f3a9c";
  private static final String ADMIN_PASSWORD = "Admin-S3cret-9c1e4b";
  private static final String REDIS_PASSWORD = "Redis-S3cret-4d5e6f";
  private static final String S3_KEY = "S3KEY-S3cret-2b8d0a";
  private static final String S3_SECRET = "S3SECRET-S3cret-5e6f1c";
  private static final String SMTP_PASSWORD = "Smtp-S3cret-1a2b3c";
  private static final List<String> SECRETS =
      List.of(DATABASE_PASSWORD, ADMIN_PASSWORD, REDIS_PASSWORD, S3_KEY, S3_SECRET, SMTP_PASSWORD);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path workDir;

  private Map<String, String> secrets(String databaseUrl) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("DATABASE_URL_FILE", file("database-url", databaseUrl + "\n"));
    environment.put("BOOTSTRAP_ADMIN_EMAIL", "secrets@wrench.test");
    environment.put("BOOTSTRAP_ADMIN_PASSWORD_FILE", file("admin-password", ADMIN_PASSWORD + "\n"));
    // Redis's default user has no password: any password is accepted, so this one is used.
    environment.put("REDIS_URL", "redis://default:" + REDIS_PASSWORD + "@127.0.0.1:6379/0");
    environment.put("REDIS_KEY_PREFIX", "secrets-it-" + ProcessHandle.current().pid());
    environment.put("S3_ACCESS_KEY_ID", S3_KEY);
    environment.put("S3_SECRET_ACCESS_KEY_FILE", file("s3-secret", S3_SECRET));
    environment.put("SMTP_PASSWORD", SMTP_PASSWORD);
    environment.put("PASSWORD_HASH_ITERATIONS", "1000");
    return environment;
  }

  private String file(String name, String content) throws Exception {
    Path file = workDir.resolve(name);
    Files.writeString(file, content);
    return file.toString();
  }

  private Process start(Map<String, String> environment) throws Exception {
    return LocalHttp.startJar(
        workDir,
        name ->
            ConfigLoader.ENVIRONMENT.containsKey(name)
                || name.startsWith("WRENCH_")
                || name.endsWith("_FILE"),
        environment);
  }

  @Test
  void aRefusedConfigurationShowsNoSecret() throws Exception {
    Map<String, String> environment =
        secrets("mysql://root:" + DATABASE_PASSWORD + "@127.0.0.1/wrench");
    environment.put("HTTP_PORT", "abc");
    Process service = start(environment);
    assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(service.exitValue()).isEqualTo(2);
    String output = Files.readString(workDir.resolve("service.log"));
    assertThat(output)
        .contains("DATABASE_URL_FILE (database.url) is not a postgresql:// URL")
        .contains("HTTP_PORT (http.port)");
    assertNoSecretIn(output);
  }

  @Test
  void aServingJarShowsNoSecretInItsOutputOrHealth() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      int port = LocalHttp.freePort();
      String url =
          database
              .url()
              .replace(
                  "postgresql://postgres@", "postgresql://postgres:" + DATABASE_PASSWORD + "@");
      Map<String, String> environment = secrets(url);
      environment.put("HTTP_PORT", String.valueOf(port));
      Process service = start(environment);
      List<String> bodies = new ArrayList<>();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
        // The admin was made with the password from the file, its newline trimmed.
        Tokens.login(client, port, "secrets@wrench.test", ADMIN_PASSWORD);
        for (String path : List.of("/health/ready", "/health/live", "/health")) {
          bodies.add(get(port, path));
        }
      } finally {
        service.destroy();
        if (!service.waitFor(30, TimeUnit.SECONDS)) {
          service.destroyForcibly();
        }
      }
      String output = Files.readString(workDir.resolve("service.log"));
      // Up, with the database and Redis the secrets open (not the embedded database).
      assertThat(output)
          .contains("Wrench is up on port " + port)
          .contains("Database: PostgreSQL at ")
          .contains("Cache: Redis at redis:");
      assertThat(bodies.get(0)).contains("\"status\"");
      assertNoSecretIn(output);
      bodies.forEach(SecretsJarIT::assertNoSecretIn);
    }
  }

  private String get(int port, String path) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(LocalHttp.uri(port, path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.headers().map() + " " + response.body();
  }

  private static void assertNoSecretIn(String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("shows %s", secret).doesNotContain(secret);
    }
  }
}
