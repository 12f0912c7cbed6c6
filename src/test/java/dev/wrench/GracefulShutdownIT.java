package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import dev.wrench.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * SIGTERM to the packaged jar while requests are in flight: readiness turns 503 at once, the
 * requests already accepted are all answered, new connections are refused once the drain delay is
 * over, and the process exits. The requests are held in flight deterministically: the database sits
 * behind a TCP proxy that the test freezes before sending them, and thaws after the signal.
 */
class GracefulShutdownIT {

  private static final int IN_FLIGHT = 10;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir Path workDir;

  @Test
  void sigtermAnswersEveryAcceptedRequestThenExits() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        NioReactor reactor = new NioReactor()) {
      int proxyPort = LocalHttp.freePort();
      URI db = URI.create(database.url().replaceFirst("^postgresql:", "http:"));
      try (TcpCrusher proxy =
          TcpCrusherBuilder.builder()
              .withReactor(reactor)
              .withBindAddress("127.0.0.1", proxyPort)
              .withConnectAddress(db.getHost(), db.getPort())
              .buildAndOpen()) {
        int port = LocalHttp.freePort();
        Process service =
            start(port, database.url().replace(":" + db.getPort() + "/", ":" + proxyPort + "/"));
        try {
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
          String bearer =
              "Bearer " + Tokens.login(client, port, "drain@wrench.test", "drain-test-password");
          assertThat(send(port, "/api/v1/work-orders", bearer).statusCode()).isEqualTo(200);

          proxy.freeze();
          List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
          for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight.add(
                client.sendAsync(
                    request(port, "/api/v1/work-orders?limit=5", bearer),
                    HttpResponse.BodyHandlers.ofString()));
          }
          // The server holds them all (the scrape itself is one more request in flight).
          await("requests in flight")
              .atMost(Duration.ofSeconds(20))
              .until(() -> activeRequests(port) >= IN_FLIGHT + 1);

          service.destroy(); // SIGTERM
          // (The frozen database alone would fail readiness too: look for the reason.)
          await("not ready while draining")
              .pollDelay(Duration.ofMillis(200))
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> {
                    HttpResponse<String> ready =
                        client.send(
                            HttpRequest.newBuilder(LocalHttp.uri(port, "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    // Public readiness says which check is down, not why: lifecycle.
                    return ready.statusCode() == 503
                        && new io.vertx.core.json.JsonObject(ready.body())
                            .getJsonArray("checks").stream()
                                .map(io.vertx.core.json.JsonObject.class::cast)
                                .anyMatch(
                                    c ->
                                        c.getString("id").equals("lifecycle")
                                            && c.getString("status").equals("DOWN"));
                  });
          proxy.unfreeze();

          for (CompletableFuture<HttpResponse<String>> response : inFlight) {
            HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
          }
          assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
          assertThat(LocalHttp.status(client, port, "/health/live"))
              .as("no longer listening")
              .isEqualTo(-1);
          String log = Files.readString(workDir.resolve("service.log"));
          assertThat(log).contains("Shutting down: not ready").contains("Wrench stopped");
          // The production log format: JSON lines, one access line per request with its id.
          assertThat(log)
              .containsPattern(
                  "\\{[^\\n]*\"logger\": ?\"wrench.access\"[^\\n]*\"request_id\": ?\"[^\"]+\"");
        } finally {
          service.destroyForcibly();
        }
      }
    }
  }

  private Process start(int port, String databaseUrl) throws IOException {
    return LocalHttp.startJar(
        workDir,
        k -> k.startsWith("REDIS") || k.startsWith("BOOTSTRAP_"),
        Map.of(
            "DATABASE_URL", databaseUrl,
            "HTTP_PORT", String.valueOf(port),
            "BOOTSTRAP_ADMIN_EMAIL", "drain@wrench.test",
            "BOOTSTRAP_ADMIN_PASSWORD", "drain-test-password",
            "PASSWORD_HASH_ITERATIONS", "1000",
            "RATE_LIMIT_PER_MINUTE", "100000",
            "RATE_LIMIT_ANONYMOUS_PER_MINUTE", "100000",
            // Reads go to the database (held by the frozen proxy), not to the cache.
            "CACHE_ENABLED", "false",
            // Longer than a readiness check that waits on the frozen database (2.5 s): a probe sent
            // just before the signal is answered by the checks, and the next one must still find
            // the listener open to see the shutdown.
            "SHUTDOWN_DRAIN_DELAY_MS", "4000",
            "SHUTDOWN_GRACE_SECONDS", "20"));
  }

  private HttpResponse<String> send(int port, String path, String bearer) throws Exception {
    return client.send(request(port, path, bearer), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int port, String path, String bearer) {
    return HttpRequest.newBuilder(LocalHttp.uri(port, path))
        .header("Authorization", bearer)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  /** The server's count of requests in flight, from its own metrics. */
  private double activeRequests(int port) throws Exception {
    String text =
        client
            .send(
                HttpRequest.newBuilder(LocalHttp.uri(port, "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m =
        Pattern.compile("^vertx_http_server_active_requests(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
