package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's API tour runs as written: the block after its {@code tour} marker is run by bash
 * against the packaged jar, started in its own folder the way the README's first command starts it
 * (the generated admin password in {@code data/bootstrap-admin-password}); only the port differs.
 */
class ReadmeTourIT {

  private static final String MARKER = "<!-- tour: ReadmeTourIT runs the next block -->";

  @TempDir Path workDir;

  @Test
  void theApiTourRunsAsWritten() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("the README marks its tour").isPositive();
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    String tour = readme.substring(start, readme.indexOf("```", start));
    assertThat(tour).contains("B=http://localhost:8080").doesNotContain("<", "uuidgen");

    HttpClient client = HttpClient.newHttpClient();
    try (TestDatabase database = TestDatabase.create()) {
      int port = LocalHttp.freePort();
      Process service =
          LocalHttp.startJar(
              workDir,
              k -> k.startsWith("BOOTSTRAP_") || k.startsWith("DATABASE_") || k.equals("HTTP_PORT"),
              Map.of("DATABASE_URL", database.url(), "HTTP_PORT", String.valueOf(port)));
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
        Path script = workDir.resolve("tour.sh");
        Files.writeString(
            script, tour.replace("B=http://localhost:8080", "B=http://127.0.0.1:" + port));
        Process run =
            new ProcessBuilder("bash", script.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the tour ends").isTrue();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).matches("work order [0-9a-f-]{36}");
        assertThat(lines)
            .containsSubsequence(
                "1", // the filtered list
                "WO-000001", // the search
                "in_progress", // the change
                "[\"on_hold\",\"completed\",\"cancelled\"]", // the refused move's way out
                "On it", // the comment
                "204"); // the delete
        assertThat(lines).contains("created", "updated");
      } finally {
        service.destroy();
        service.waitFor(30, TimeUnit.SECONDS);
        service.destroyForcibly();
      }
    }
  }
}
