package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import dev.wrench.support.Tokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started the way the README says ({@code java -jar target/wrench.jar}), with
 * nothing but its own contents: against an external database, and with the embedded one.
 */
class PackagedJarIT {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path workDir;

  @Test
  void theJarServesAgainstAnExternalDatabase() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      int port = LocalHttp.freePort();
      Process service =
          start(
              Map.of(
                  "DATABASE_URL", database.url(),
                  "HTTP_PORT", String.valueOf(port),
                  "BOOTSTRAP_ADMIN_EMAIL", "jar@wrench.test",
                  "BOOTSTRAP_ADMIN_PASSWORD", "jar-test-password",
                  "PASSWORD_HASH_ITERATIONS", "1000"));
      try {
        exerciseApi(port, "jar@wrench.test", "jar-test-password");
      } finally {
        stop(service);
      }
    }
  }

  @Test
  void theJarRunsWithNothingConfigured() throws Exception {
    int port = LocalHttp.freePort();
    Process service =
        start(
            Map.of(
                // The embedded database picks a free port of its own: nothing to configure.
                "HTTP_PORT", String.valueOf(port), "PASSWORD_HASH_ITERATIONS", "1000"));
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
      String password = Files.readString(workDir.resolve("data/bootstrap-admin-password")).trim();
      exerciseApi(port, "admin@wrench.local", password);
    } finally {
      stop(service);
    }
  }

  private Process start(Map<String, String> environment) throws IOException {
    return LocalHttp.startJar(
        workDir,
        k ->
            k.startsWith("DATABASE_")
                || k.startsWith("EMBEDDED_")
                || k.startsWith("BOOTSTRAP_")
                || k.equals("HTTP_PORT"),
        environment);
  }

  private void exerciseApi(int port, String email, String password) throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
    String bearer = "Bearer " + Tokens.login(client, port, email, password);
    HttpResponse<String> created = LocalHttp.postWorkOrder(client, port, bearer, "From the jar");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> listed =
        client.send(
            HttpRequest.newBuilder(LocalHttp.uri(port, "/api/v1/work-orders?q=jar"))
                .header("Authorization", bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(listed.body()).contains("From the jar");
    assertThat(LocalHttp.status(client, port, "/openapi.yaml")).isEqualTo(200);
    assertThat(LocalHttp.status(client, port, "/docs")).isEqualTo(200);
    assertThat(LocalHttp.status(client, port, "/docs/assets/swagger-ui-bundle.js")).isEqualTo(200);
  }

  private void stop(Process service) throws Exception {
    service.destroy();
    if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      service.destroyForcibly();
    }
  }
}
