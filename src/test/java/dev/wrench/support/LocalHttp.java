package dev.wrench.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The packaged jar as a process on this machine, and plain HTTP to it (the packaged-jar tests). */
public final class LocalHttp {

  private LocalHttp() {}

  /**
   * Starts {@code target/wrench.jar} the way the README's run command does, in {@code workDir} (its
   * log in {@code service.log} there), without the inherited variables {@code dropInherited} names
   * and with {@code environment}.
   */
  public static Process startJar(
      Path workDir, Predicate<String> dropInherited, Map<String, String> environment)
      throws IOException {
    return startJar(workDir, dropInherited, environment, List.of());
  }

  /** As above, with {@code arguments} after the jar ({@code --config}, a command). */
  public static Process startJar(
      Path workDir,
      Predicate<String> dropInherited,
      Map<String, String> environment,
      List<String> arguments)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseParallelGC",
                "-jar",
                Path.of("target", "wrench.jar").toAbsolutePath().toString()));
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("service.log").toFile());
    builder.environment().keySet().removeIf(dropInherited);
    builder.environment().putAll(environment);
    return builder.start();
  }

  public static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The status of a GET, or -1 when nothing answers. */
  public static int status(HttpClient client, int port, String path) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** POSTs a work order with {@code title} as the caller of {@code bearer}: the answer as it is. */
  public static HttpResponse<String> postWorkOrder(
      HttpClient client, int port, String bearer, String title)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(port, "/api/v1/work-orders"))
            .header("Authorization", bearer)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(new JsonObject().put("title", title).encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
