package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOG_FORMAT through the packaged jar: JSON lines when stdout is not a terminal (or when asked),
 * with ISO-8601 timestamps and the access log's numbers as JSON numbers; one readable line per
 * event with {@code LOG_FORMAT=text}.
 */
class LogFormatIT {

  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path workDir;

  /** Starts the jar with {@code logFormat} (null: unset), serves one 401, returns its log lines. */
  private List<String> serveOneRequest(TestDatabase database, String logFormat) throws Exception {
    int port = LocalHttp.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("DATABASE_URL", database.url());
    environment.put("HTTP_PORT", String.valueOf(port));
    environment.put("PASSWORD_HASH_ITERATIONS", "1000");
    if (logFormat != null) {
      environment.put("LOG_FORMAT", logFormat);
    }
    Path log = workDir.resolve("service.log");
    Process service =
        LocalHttp.startJar(
            workDir,
            k -> k.equals("LOG_FORMAT") || k.equals("DATABASE_URL") || k.equals("HTTP_PORT"),
            environment);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
      assertThat(LocalHttp.status(client, port, "/api/v1/work-orders")).isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(log).contains("/api/v1/work-orders 401"));
    } finally {
      service.destroy();
      if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
    return Files.readAllLines(log);
  }

  @Test
  void logsAreJsonLinesWithNumbersWhenStdoutIsNotATerminal() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      List<String> lines = serveOneRequest(database, null);
      assertThat(lines).isNotEmpty();
      JsonObject access = null;
      for (String line : lines) {
        JsonObject json = json(line);
        assertThat(json.getString("timestamp")).as(line).matches(ISO_UTC);
        assertThat(json.getString("level")).as(line).isNotBlank();
        if ("wrench.access".equals(json.getString("logger"))
            && json.getString("message").contains("/api/v1/work-orders 401")) {
          access = json;
        }
      }
      assertThat(access).as("the access line of the 401").isNotNull();
      assertThat(access.getValue("status")).isEqualTo(401);
      assertThat(access.getValue("duration_ms")).isInstanceOf(Number.class);
      assertThat(access.getValue("bytes_sent")).isInstanceOf(Number.class);
      assertThat(access.getValue("completed")).isEqualTo(true);
      assertThat(access.getString("route")).isEqualTo("/api/v1/work-orders");
      assertThat(access.getString("request_id")).isNotBlank();
    }
  }

  @Test
  void logFormatTextGivesReadableLines() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      List<String> lines = serveOneRequest(database, "text");
      assertThat(lines).anyMatch(line -> line.contains("Wrench is up on port"));
      assertThat(lines)
          .filteredOn(line -> line.contains("wrench.access"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .matches(
                          ISO_UTC
                              + " INFO  \\[.*] wrench.access - GET /api/v1/work-orders 401 .*"));
      assertThat(lines.get(0)).matches(ISO_UTC + " .*").doesNotStartWith("{");
    }
  }

  private static JsonObject json(String line) {
    try {
      return new JsonObject(line);
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
