package dev.wrench.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The TypeScript client generated from openapi/wrench.yaml (clients/typescript, compiled by tsc in
 * the build's process-test-classes phase) runs its scenario with Node against the running server:
 * log in, create a work order, read it back, and a 404 surfacing as a problem+json ResponseError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypeScriptClientScenarioTest {

  private static final Path SCENARIO = Path.of("clients", "typescript", "dist", "scenario.js");

  private WrenchServer server;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void nodeScenarioLogsInCreatesAndReadsBackAWorkOrder() throws Exception {
    assertThat(SCENARIO).as("compiled by the build (npm run build)").exists();
    Path output = Files.createTempFile("wrench-ts-scenario", ".log");
    ProcessBuilder node = new ProcessBuilder("node", SCENARIO.toString()).redirectErrorStream(true);
    node.redirectOutput(output.toFile());
    node.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    node.environment().put("WRENCH_URL", "http://127.0.0.1:" + server.http().port());
    node.environment().put("WRENCH_USERNAME", WrenchServer.ADMIN_EMAIL);
    node.environment().put("WRENCH_PASSWORD", WrenchServer.ADMIN_PASSWORD);
    Process process = node.start();
    try {
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(exited).as("node exited: %s", printed).isTrue();
      assertThat(process.exitValue()).as(printed).isZero();

      JsonObject seen = new JsonObject(printed.strip().lines().reduce((a, b) -> b).orElseThrow());
      assertThat(seen.getJsonObject("problem").getInteger("status")).isEqualTo(404);
      assertThat(seen.getJsonObject("problem").getString("type")).isEqualTo("/problems/not-found");
      Http.Response stored =
          server
              .http()
              .get("/api/v1/work-orders/" + seen.getString("id"))
              .token(server.adminToken())
              .send();
      assertThat(stored.status()).isEqualTo(200);
      assertThat(stored.json().getString("title")).isEqualTo("TypeScript client belt check");
      assertThat(stored.json().getString("priority")).isEqualTo("high");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(output);
    }
  }
}
