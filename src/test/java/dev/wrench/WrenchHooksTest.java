package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wrench.app.AppConfig;
import dev.wrench.app.WrenchHooks;
import dev.wrench.http.HttpVerticle;
import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} on Vert.x's launcher: the hooks set metrics, tracing and clustering before Vert.x
 * starts, closing Vert.x drains before anything is undeployed, and a failed start closes Vert.x
 * without a drain. (The packaged jar and SIGTERM: PackagedJarIT and GracefulShutdownIT.)
 */
class WrenchHooksTest {

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The exit codes the hooks asked for (a test's process does not exit). */
  private final List<Integer> exits = new CopyOnWriteArrayList<>();

  @TempDir Path dataDir;

  @BeforeEach
  void captureLogs() {
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(captured);
  }

  private JsonObject config(TestDatabase database, int port) {
    return new JsonObject()
        .put(
            "http",
            new JsonObject()
                .put("port", port)
                .put("host", "127.0.0.1")
                .put("instances", 1)
                .put("drain_delay_ms", 1000)
                .put("shutdown_grace_seconds", 1))
        .put(
            "database",
            new JsonObject().put("url", database == null ? "" : database.url()).put("instances", 1))
        .put(
            "auth",
            new JsonObject()
                .put("key_dir", dataDir.resolve("keys").toString())
                .put("password_iterations", 1000))
        .put(
            "bootstrap",
            new JsonObject()
                .put("admin_email", "hooks@wrench.test")
                .put("admin_password", "hooks-test-password")
                .put("password_file", dataDir.resolve("admin-password").toString()));
  }

  /** Runs the launcher as Main does, and hands back the Vert.x it started. */
  private static int launch(WrenchHooks hooks, AtomicReference<Vertx> started) {
    VertxApplicationHooks watched =
        (VertxApplicationHooks)
            Proxy.newProxyInstance(
                WrenchHooksTest.class.getClassLoader(),
                new Class<?>[] {VertxApplicationHooks.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("afterVertxStarted")) {
                    started.set(((HookContext) args[0]).vertx());
                  }
                  try {
                    return method.invoke(hooks, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new VertxApplication(hooks.launcherArguments(), watched, false, false) {}.launch();
  }

  private List<String> messages() {
    return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void metricsTracingAndTheClusterAreSetBeforeVertxStarts() {
    JsonObject raw =
        new JsonObject()
            .put(
                "cluster",
                new JsonObject()
                    .put("enabled", true)
                    .put("host", "127.0.0.1")
                    .put("members", new JsonArray().add("127.0.0.1")))
            .put(
                "tracing",
                new JsonObject()
                    .put("enabled", true)
                    .put("properties", new JsonObject().put("otel.traces.exporter", "none")));
    WrenchHooks hooks = new WrenchHooks(AppConfig.load(raw), raw, exits::add);
    VertxOptions options = new VertxOptions();
    HookContext context = new StartingContext(options);
    try {
      assertThat(hooks.launcherArguments()).containsExactly("--cluster");
      hooks.createVertxBuilder(options);
      hooks.beforeStartingVertx(context);
      assertThat(options.getMetricsOptions())
          .isInstanceOfSatisfying(
              MicrometerMetricsOptions.class,
              metrics -> {
                assertThat(metrics.isEnabled()).isTrue();
                assertThat(metrics.getRegistryName()).isEqualTo("wrench");
              });
      assertThat(options.getTracingOptions()).isInstanceOf(OpenTelemetryOptions.class);
      assertThat(options.getEventBusOptions().getHost()).isEqualTo("127.0.0.1");
      assertThat(options.getEventBusOptions().getClusterPublicHost()).isEqualTo("127.0.0.1");
    } finally {
      hooks.afterFailureToStartVertx(context, new IllegalStateException("not started: a test"));
    }

    WrenchHooks plain =
        new WrenchHooks(AppConfig.load(new JsonObject()), new JsonObject(), exits::add);
    VertxOptions standalone = new VertxOptions();
    plain.createVertxBuilder(standalone);
    plain.beforeStartingVertx(new StartingContext(standalone));
    assertThat(plain.launcherArguments()).isEmpty();
    assertThat(standalone.getTracingOptions()).isNull();
    assertThat(standalone.getMetricsOptions().isEnabled()).isTrue();
  }

  @Test
  void closingVertxDrainsBeforeAnythingIsUndeployed() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      JsonObject raw = config(database, 0);
      AtomicReference<Vertx> started = new AtomicReference<>();
      assertThat(launch(new WrenchHooks(AppConfig.load(raw), raw, exits::add), started)).isZero();
      Vertx vertx = started.get();
      int port =
          (Integer) vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
      assertThat(LocalHttp.status(client, port, "/health/ready")).isEqualTo(200);
      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(LocalHttp.uri(port, "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("vertx_http_server_requests_total");

      // What the launcher's shutdown hook does on SIGTERM, on a thread of its own: the drain runs
      // inside close(), on the closing thread.
      CompletableFuture<Void> closed =
          CompletableFuture.supplyAsync(vertx::close)
              .thenCompose(closing -> closing.toCompletionStage());
      await("not ready while draining")
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                HttpResponse<String> ready =
                    client.send(
                        HttpRequest.newBuilder(LocalHttp.uri(port, "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                // Public readiness names the check that is down, not why: lifecycle.
                return ready.statusCode() == 503
                    && ready.body().contains("{\"id\":\"lifecycle\",\"status\":\"DOWN\"}");
              });
      closed.get(30, TimeUnit.SECONDS);
      assertThat(LocalHttp.status(client, port, "/health/live")).isEqualTo(-1);
      assertThat(messages())
          .containsSubsequence(
              "Shutting down: not ready; requests in flight are finished first",
              "HTTP stopped: requests in flight answered or out of grace");
    }
  }

  @Test
  void aFailedDeploymentClosesVertxWithoutADrain() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ServerSocket taken = new ServerSocket(0)) {
      JsonObject raw = config(database, taken.getLocalPort());
      AtomicReference<Vertx> started = new AtomicReference<>();
      assertThat(launch(new WrenchHooks(AppConfig.load(raw), raw, exits::add), started))
          .isEqualTo(ExitCodes.VERTX_DEPLOYMENT);
      assertThat(messages())
          .anySatisfy(m -> assertThat(m).startsWith("Wrench failed to start: "))
          .noneSatisfy(m -> assertThat(m).startsWith("Shutting down"));
      // Closed before the launcher returned: nothing can be deployed on it any more.
      assertThat(
              started
                  .get()
                  .deployVerticle(
                      () -> new io.vertx.core.VerticleBase() {}, new DeploymentOptions())
                  .toCompletionStage()
                  .toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5));
    }
  }

  private JsonObject unreachable(int databasePort, int connectTimeoutSeconds) {
    JsonObject raw = config(null, 0);
    raw.getJsonObject("database")
        .put("url", "postgresql://wrench:s3cret-pw@127.0.0.1:" + databasePort + "/wrench")
        .put("connect_timeout_seconds", connectTimeoutSeconds);
    return raw;
  }

  @Test
  void anUnreachableDatabaseIsSaidInOneLineAndEndsWithItsExitCode() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    JsonObject raw = unreachable(port, 1);
    AtomicReference<Vertx> started = new AtomicReference<>();
    long begun = System.nanoTime();
    assertThat(launch(new WrenchHooks(AppConfig.load(raw), raw, exits::add), started))
        .isEqualTo(ExitCodes.VERTX_DEPLOYMENT);
    assertThat((System.nanoTime() - begun) / 1_000_000).isLessThan(15_000);
    assertThat(exits).containsExactly(1);
    assertThat(messages())
        .filteredOn(m -> m.startsWith("Wrench cannot start: "))
        .singleElement()
        .asString()
        .startsWith(
            "Wrench cannot start: Cannot reach PostgreSQL at 127.0.0.1:"
                + port
                + " (DATABASE_URL) within 1 s");
    assertThat(messages()).noneSatisfy(m -> assertThat(m).contains("s3cret-pw"));
  }

  @Test
  void closingVertxWhileWaitingForTheDatabaseAbandonsTheStartWithinSeconds() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50)) {
      JsonObject raw = unreachable(silent.getLocalPort(), 60);
      AtomicReference<Vertx> started = new AtomicReference<>();
      CompletableFuture<Integer> launched =
          CompletableFuture.supplyAsync(
              () -> launch(new WrenchHooks(AppConfig.load(raw), raw, exits::add), started));
      await("waiting for the database")
          .atMost(Duration.ofSeconds(30))
          .until(() -> messages().stream().anyMatch(m -> m.contains("waiting up to 60 s")));
      long closing = System.nanoTime();
      started.get().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat((System.nanoTime() - closing) / 1_000_000).isLessThan(5_000);
      assertThat(launched.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(exits).isEmpty();
      assertThat(messages())
          .contains("Start-up abandoned: shutting down before Wrench was up")
          .noneSatisfy(m -> assertThat(m).startsWith("Wrench failed to start"));
      assertThat(captured.list)
          .as("no error, such as 'Promise already completed'")
          .noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
    }
  }

  /** The launcher's context as it is before Vert.x starts: only the options exist. */
  private record StartingContext(VertxOptions vertxOptions) implements HookContext {
    @Override
    public Vertx vertx() {
      return null;
    }

    @Override
    public String mainVerticle() {
      return null;
    }

    @Override
    public DeploymentOptions deploymentOptions() {
      return null;
    }

    @Override
    public String deploymentId() {
      return null;
    }
  }
}
