package dev.wrench.app;

import dev.wrench.metrics.Metrics;
import dev.wrench.store.StartupProblem;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code serve} runs on Vert.x's launcher ({@code VertxApplication}): Vert.x is built from the
 * configuration (metrics, tracing, clustering: see {@link VertxSetup}), {@link MainVerticle} is
 * deployed with the whole configuration, and closing Vert.x (SIGTERM: the launcher's shutdown hook)
 * runs {@link MainVerticle#shutdown} first: readiness 503, the drain delay, the HTTP verticles
 * undeployed within the grace period, then the relay, the workers, the cache and last the database
 * verticles, each after what uses it.
 */
public final class WrenchHooks implements VertxApplicationHooks {

  private static final Logger LOG = LoggerFactory.getLogger(WrenchHooks.class);

  /** The Prometheus registry of the serving instance ({@code GET /metrics}). */
  static final String METRICS_REGISTRY = "wrench";

  /**
   * Beyond the drain delay and the grace period: undeploying the verticles; after a failed start,
   * closing what had started.
   */
  private static final long CLOSE_BUDGET_MS = 15_000;

  /**
   * How long a stop asked for during start-up waits for start-up to give up: each wait for the
   * database is short, so this keeps SIGTERM within seconds.
   */
  static final long ABANDON_BUDGET_MS = 4_000;

  private final AppConfig config;
  private final JsonObject deployConfig;
  private final VertxSetup setup;
  private final IntConsumer exit;
  private volatile MainVerticle main;
  private volatile boolean deployed;

  /**
   * {@code raw}: the configuration as loaded, which MainVerticle reads again as its config; {@code
   * exit} ends the process with a code after a start-up problem has been said in one line.
   */
  public WrenchHooks(AppConfig config, JsonObject raw, IntConsumer exit) {
    this.config = config;
    this.exit = exit;
    this.deployConfig = raw.copy().put(Metrics.REGISTRY_KEY, METRICS_REGISTRY);
    this.setup = VertxSetup.of(config.cluster(), config.tracing());
  }

  /**
   * The launcher's command line. It builds a clustered Vert.x only when told {@code --cluster}; the
   * cluster manager and the event bus options come from the hooks.
   */
  public String[] launcherArguments() {
    return setup.clustered() ? new String[] {"--cluster"} : new String[0];
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    return setup.builder(options);
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    LOG.info(
        "Starting Vert.x: {}; tracing {}",
        config.cluster().describe(),
        config.tracing().enabled()
            ? "on (OpenTelemetry, exporter from the OTEL_* variables)"
            : "off (tracing.enabled=false)");
    setup.configure(context.vertxOptions(), METRICS_REGISTRY);
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    setup.started(context.vertx());
  }

  /**
   * {@code failure} is null when Vert.x (joining the cluster) took longer than two minutes. The
   * launcher logs the failure's stack trace itself.
   */
  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable failure) {
    LOG.error(
        "Wrench failed to start Vert.x: {}", failure == null ? "timed out" : failure.getMessage());
    setup.stopTracing();
  }

  /** This instance rather than the manifest's class name: the drain on SIGTERM is its method. */
  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> {
      MainVerticle created = new MainVerticle();
      main = created;
      return created;
    };
  }

  @Override
  public void beforeDeployingVerticle(HookContext context) {
    // One instance: it deploys the rest, and it is the one that drains.
    context.deploymentOptions().setConfig(deployConfig).setInstances(1);
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    deployed = true;
  }

  /**
   * {@code failure} is null when the deployment took longer than the launcher's two minutes (the
   * embedded database's first start and the migrations are part of it: run {@code migrate} first
   * when migrations may take longer, as the Kubernetes example's init container does). Vert.x is
   * closed before the launcher returns, so that the exit that follows finds it closed. The launcher
   * logs the failure's stack trace itself, except after a {@link StartupProblem}: that is said in
   * one line and the process ends here with its exit code.
   */
  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable failure) {
    StartupProblem problem = StartupProblem.in(failure);
    if (problem != null) {
      LOG.error("Wrench cannot start: {}", problem.getMessage());
    } else {
      LOG.error("Wrench failed to start: {}", failure == null ? "timed out" : failure.getMessage());
    }
    try {
      await(context.vertx().close(), CLOSE_BUDGET_MS);
    } catch (Exception e) {
      LOG.warn("Closing Vert.x after the failed start did not finish: {}", e.getMessage());
    }
    setup.stopTracing();
    if (problem != null) {
      exit.accept(problem.exitCode());
    }
  }

  /**
   * Runs as a close hook of Vert.x, on the thread that closes it (on SIGTERM the launcher's
   * shutdown hook), before Vert.x undeploys anything: Vert.x would undeploy every verticle at once,
   * and the database verticles would close their pools under the requests in flight and the relay's
   * hand-over of its lease. Bounded by the drain delay, the grace period and a margin; the rest of
   * the close has the launcher's own two minutes.
   */
  @Override
  public void beforeStoppingVertx(HookContext context) {
    MainVerticle draining = main;
    if (draining == null) {
      return;
    }
    if (!deployed) {
      abandonStart(draining);
      return;
    }
    long budgetMs =
        config.http().drainDelayMs()
            + config.http().shutdownGraceSeconds() * 1000L
            + CLOSE_BUDGET_MS;
    try {
      await(draining.shutdown(), budgetMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Shutdown did not finish cleanly: interrupted");
    } catch (TimeoutException e) {
      LOG.warn("Shutdown did not finish cleanly: it took over {} ms", budgetMs);
    } catch (ExecutionException e) {
      // shutdown() recovers its failures: nothing reaches here.
      LOG.warn("Shutdown did not finish cleanly: {}", e.getCause().getMessage());
    }
  }

  /**
   * Stopped while starting (SIGTERM while waiting for the database): start-up gives up and finishes
   * before Vert.x undeploys it, so that the stop neither waits for the database nor completes the
   * deployment twice.
   */
  private static void abandonStart(MainVerticle starting) {
    try {
      await(starting.abandonStart(), ABANDON_BUDGET_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("Start-up did not give up within {} ms; stopping anyway", ABANDON_BUDGET_MS);
    }
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    setup.stopTracing();
    LOG.info("Wrench stopped");
  }

  /** {@code failure} is null when closing took longer than the launcher's two minutes. */
  @Override
  public void afterFailureToStopVertx(HookContext context, Throwable failure) {
    setup.stopTracing();
    LOG.warn(
        "Shutdown did not finish cleanly: {}",
        failure == null ? "timed out" : failure.getMessage());
  }

  private static <T> T await(Future<T> future, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
