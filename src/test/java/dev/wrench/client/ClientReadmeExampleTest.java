package dev.wrench.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.WrenchServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of clients/java/README.md runs as written: the {@code java} block after the marker is
 * launched as a source file ({@code java WrenchExample.java}) on this test's class path, which
 * holds the client module's generated sources, against a running server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientReadmeExampleTest {

  private static final Path README = Path.of("clients", "java", "README.md");
  private static final String MARKER =
      "<!-- example: ClientReadmeExampleTest compiles and runs the next block -->";

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

  /** The {@code java} block after the marker. */
  private static String example() throws java.io.IOException {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    int at = text.indexOf(MARKER);
    assertThat(at).as("%s marks its example", README).isNotNegative();
    int start = text.indexOf("```java\n", at) + "```java\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  void theReadmeExampleLogsInCreatesMovesListsAndReadsAProblem(@TempDir Path dir) throws Exception {
    Path source = Files.writeString(dir.resolve("WrenchExample.java"), example());
    Path output = dir.resolve("output.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process run =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.toString(),
                "http://127.0.0.1:" + server.http().port(),
                WrenchServer.ADMIN_EMAIL,
                WrenchServer.ADMIN_PASSWORD)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      boolean exited = run.waitFor(90, TimeUnit.SECONDS);
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(exited).as("the example ends: %s", printed).isTrue();
      assertThat(run.exitValue()).as(printed).isZero();
      List<String> lines = printed.lines().toList();
      assertThat(lines)
          .containsExactly(
              "in_progress", "Replace filter on AHU-3", "409 /problems/invalid-transition");
    } finally {
      run.destroyForcibly();
    }
  }
}
