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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first hour on a machine with nothing configured, through the packaged jar: {@code demo} makes
 * the demo organization in the embedded database, {@code serve} on the same folder then lets each
 * printed log-in in, and a second {@code demo} prints the same log-ins.
 */
class DemoCommandIT {

  private static final Pattern LOGIN =
      Pattern.compile(
          "(?m)^  (admin|manager|technician|requester) +(\\S+@demo\\.wrench\\.local) +(\\S+)$");

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path workDir;

  /** The jar in {@code workDir} with nothing configured but the port (0: none) and speed. */
  private Process startJar(int port, String... arguments) throws IOException {
    Map<String, String> environment = new java.util.HashMap<>();
    if (port > 0) {
      environment.put("HTTP_PORT", String.valueOf(port));
    }
    environment.put("PASSWORD_HASH_ITERATIONS", "1000");
    // Speed over durability: what the tests may trade (durability: EmbeddedDatabaseTest).
    environment.put("EMBEDDED_DATABASE_DURABLE", "false");
    return LocalHttp.startJar(
        workDir,
        k ->
            k.startsWith("DATABASE_")
                || k.startsWith("EMBEDDED_")
                || k.startsWith("BOOTSTRAP_")
                || k.equals("HTTP_PORT"),
        environment,
        List.of(arguments));
  }

  private String demo() throws Exception {
    Files.deleteIfExists(workDir.resolve("service.log"));
    Process demo = startJar(0, "demo");
    try {
      assertThat(demo.waitFor(300, TimeUnit.SECONDS)).as("demo ends").isTrue();
      String output = Files.readString(workDir.resolve("service.log"));
      assertThat(demo.exitValue()).as(output).isZero();
      return output;
    } finally {
      demo.destroyForcibly();
    }
  }

  @Test
  void theLoginsThatDemoPrintsLogInToTheServer() throws Exception {
    String first = demo();
    Matcher logins = LOGIN.matcher(first);
    Map<String, String[]> byRole = new java.util.TreeMap<>();
    while (logins.find()) {
      byRole.put(logins.group(1), new String[] {logins.group(2), logins.group(3)});
    }
    assertThat(byRole).containsOnlyKeys("admin", "manager", "requester", "technician");

    String second = demo();
    assertThat(second).contains("exists already");
    for (String[] login : byRole.values()) {
      assertThat(second).containsPattern(Pattern.quote(login[0]) + " +" + Pattern.quote(login[1]));
    }

    int port = LocalHttp.freePort();
    Process server = startJar(port);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
      for (Map.Entry<String, String[]> login : byRole.entrySet()) {
        String token = Tokens.login(client, port, login.getValue()[0], login.getValue()[1]);
        HttpResponse<String> workOrders =
            client.send(
                HttpRequest.newBuilder(LocalHttp.uri(port, "/api/v1/work-orders?limit=5"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(workOrders.statusCode()).as(login.getKey()).isEqualTo(200);
        assertThat(workOrders.body()).as(login.getKey()).contains("\"number\":\"WO-");
      }
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
