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
 * The README's quickstart and the API tour (docs/api-tour.md) run as written: the block after each
 * marker is run by bash against the packaged jar, started in its own folder the way the README's
 * first command starts it (the generated admin password in {@code data/bootstrap-admin-password});
 * only the port differs.
 */
class ReadmeTourIT {

  private static final String QUICKSTART = "<!-- quickstart: ReadmeTourIT runs the next block -->";
  private static final String TOUR = "<!-- tour: ReadmeTourIT runs the next block -->";

  @TempDir Path workDir;

  /** The {@code sh} block after {@code marker} in {@code file}, without placeholders to fill. */
  private static String block(Path file, String marker) throws java.io.IOException {
    String text = Files.readString(file);
    int at = text.indexOf(marker);
    assertThat(at).as("%s marks the block %s", file, marker).isNotNegative();
    int start = text.indexOf("```sh\n", at) + "```sh\n".length();
    String block = text.substring(start, text.indexOf("```", start));
    assertThat(block).contains("B=http://localhost:8080").doesNotContain("<", "uuidgen");
    return block;
  }

  /** Runs {@code script} with bash in the jar's folder, against {@code port}: its output. */
  private List<String> run(String script, int port) throws Exception {
    Path file = Files.createTempFile(workDir, "tour-", ".sh");
    Files.writeString(
        file, script.replace("B=http://localhost:8080", "B=http://127.0.0.1:" + port));
    Process run =
        new ProcessBuilder("bash", file.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
    String output = new String(run.getInputStream().readAllBytes());
    assertThat(run.exitValue()).as(output).isZero();
    return output.lines().toList();
  }

  @Test
  void theQuickstartAndTheApiTourRunAsWritten() throws Exception {
    String quickstart = block(Path.of("README.md"), QUICKSTART);
    String tour = block(Path.of("docs", "api-tour.md"), TOUR);
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
        assertThat(run(quickstart, port)).containsExactly("in_progress", "Replace filter on AHU-3");
        List<String> lines = run(tour, port);
        assertThat(lines.get(0)).matches("work order [0-9a-f-]{36}");
        assertThat(lines)
            .containsSubsequence(
                "2", // the filtered list: the quickstart's work order and this one
                "in_progress", // the change
                "[\"on_hold\",\"completed\",\"cancelled\"]", // the refused move's way out
                "On it", // the comment
                "204"); // the delete
        assertThat(lines).contains("WO-000002", "created", "updated");
      } finally {
        service.destroy();
        service.waitFor(30, TimeUnit.SECONDS);
        service.destroyForcibly();
      }
    }
  }
}
