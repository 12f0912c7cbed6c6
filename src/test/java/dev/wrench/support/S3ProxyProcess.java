package dev.wrench.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real S3 API server for a test class: s3proxy 4.1.0 (copied to {@code target/s3proxy/} by the
 * build) as a process on a free port, storing into a scratch folder, checking SigV4 signatures. The
 * test can kill it (storage down) and start it again on the same port and data.
 */
public final class S3ProxyProcess implements AutoCloseable {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  private final int port;
  private final Path dir;
  private Process process;

  private S3ProxyProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  public static S3ProxyProcess start() {
    try {
      S3ProxyProcess s3 =
          new S3ProxyProcess(RedisProcess.freePort(), Files.createTempDirectory("wrench-s3-"));
      s3.restart();
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The {@code attachments} config of a Wrench server using this S3 with {@code bucket}. */
  public JsonObject attachmentsConfig(String bucket) {
    return new JsonObject()
        .put(
            "s3",
            new JsonObject()
                .put("endpoint", endpoint())
                .put("bucket", bucket)
                .put("path_style", true)
                .put("access_key_id", ACCESS_KEY)
                .put("secret_access_key", SECRET_KEY)
                .put("create_bucket", true)
                .put("timeout_ms", 5_000));
  }

  public void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through Maven");
    }
    try {
      Path properties = dir.resolve("s3proxy.properties");
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint(),
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem-nio2",
              "jclouds.filesystem.basedir=" + dir.resolve("data"),
              ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx256m",
                      "-XX:+UseSerialGC",
                      "-jar",
                      jar.toString(),
                      "--properties",
                      properties.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("s3proxy.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await("s3proxy on port " + port)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(this::answers);
  }

  /** Whether it answers HTTP at all (403 to an unsigned request is an answer). */
  public boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1_000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills it: storage is down until {@link #restart()}. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    kill();
  }
}
