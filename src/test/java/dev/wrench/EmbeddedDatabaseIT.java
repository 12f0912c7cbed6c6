package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.Tokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged jars with nothing configured, in two folders at once: each has its own embedded
 * database (on a port of its own), stopping one leaves the other serving, and a third started in a
 * folder already in use stops at once with one line and exit code 2.
 */
class EmbeddedDatabaseIT {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path workDir;

  /** The jar in {@code workDir/folder}, its database in {@code dataDir} (relative to there). */
  private Process start(String folder, String dataDir, String admin) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve(folder));
    return LocalHttp.startJar(
        dir,
        k -> k.startsWith("DATABASE_") || k.startsWith("EMBEDDED_") || k.startsWith("BOOTSTRAP_"),
        Map.of(
            "HTTP_PORT",
            String.valueOf(ports.computeIfAbsent(folder, f -> freePort())),
            "EMBEDDED_DATABASE_DIR",
            dataDir,
            "BOOTSTRAP_ADMIN_EMAIL",
            admin,
            "BOOTSTRAP_ADMIN_PASSWORD",
            "embedded-test-password",
            "PASSWORD_HASH_ITERATIONS",
            "1000",
            // Speed over durability: what the tests may trade (durability: EmbeddedDatabaseTest).
            "EMBEDDED_DATABASE_DURABLE",
            "false"));
  }

  private final Map<String, Integer> ports = new java.util.HashMap<>();

  private static int freePort() {
    try {
      return LocalHttp.freePort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String workOrders(int port, String bearer) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(LocalHttp.uri(port, "/api/v1/work-orders"))
                .header("Authorization", bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void twoFoldersTwoDatabasesAndAFolderInUseIsRefused() throws Exception {
    Process a = start("a", "data/postgres", "a@wrench.test");
    Process b = start("b", "data/postgres", "b@wrench.test");
    Process restarted = null;
    int portA = ports.get("a");
    int portB = ports.get("b");
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  LocalHttp.status(client, portA, "/health/ready") == 200
                      && LocalHttp.status(client, portB, "/health/ready") == 200);
      String bearerA =
          "Bearer " + Tokens.login(client, portA, "a@wrench.test", "embedded-test-password");
      String bearerB =
          "Bearer " + Tokens.login(client, portB, "b@wrench.test", "embedded-test-password");
      HttpResponse<String> created =
          LocalHttp.postWorkOrder(client, portA, bearerA, "Only in folder a");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(workOrders(portB, bearerB)).doesNotContain("Only in folder a");

      // A third on a's data folder: refused before it touches the database.
      Process third = start("c", workDir.resolve("a/data/postgres").toString(), "c@wrench.test");
      assertThat(third.waitFor(30, TimeUnit.SECONDS)).as("the third ends").isTrue();
      assertThat(third.exitValue()).isEqualTo(2);
      List<String> refused = Files.readAllLines(workDir.resolve("c/service.log"));
      assertThat(refused)
          .filteredOn(line -> line.contains("\"level\":\"ERROR\""))
          .singleElement()
          .asString()
          .contains("Wrench cannot start: The embedded database folder ")
          .contains("is in use by another Wrench (process " + a.pid() + ")");

      b.destroy();
      assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(LocalHttp.status(client, portA, "/health/ready")).isEqualTo(200);
      assertThat(workOrders(portA, bearerA)).contains("Only in folder a");

      // Killed (its PostgreSQL outlives it), then started again on the same folder: the server
      // it left is stopped and the folder's data is served again.
      a.destroyForcibly();
      assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
      restarted = start("a", "data/postgres", "a@wrench.test");
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> LocalHttp.status(client, portA, "/health/ready") == 200);
      String again =
          "Bearer " + Tokens.login(client, portA, "a@wrench.test", "embedded-test-password");
      assertThat(workOrders(portA, again)).contains("Only in folder a");
    } finally {
      stop(a);
      stop(b);
      if (restarted != null) {
        stop(restarted);
      }
    }
  }

  private static void stop(Process service) throws InterruptedException {
    service.destroy();
    if (!service.waitFor(30, TimeUnit.SECONDS)) {
      service.destroyForcibly();
    }
  }
}
