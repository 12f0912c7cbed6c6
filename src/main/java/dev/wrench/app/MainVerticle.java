package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.feature.Feature;
import dev.wrench.http.Contract;
import dev.wrench.http.HttpVerticle;
import dev.wrench.metrics.Metrics;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.EmbeddedDatabase;
import dev.wrench.store.StartupProblem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration and brings Wrench up in order: the database (embedded when no URL is
 * set), its migrations, the signing keys, the database verticles, the first admin, the cache
 * verticle (Redis when {@code REDIS_URL} is set, else in-process), the workers, then the HTTP
 * verticles. Says at start-up which back ends are in use.
 *
 * <p>Its config is the configuration's keys as given (the file and the environment, or a test's
 * keys: {@link AppConfig#load} puts them over the defaults and checks them), plus {@link
 * Metrics#REGISTRY_KEY}, the metrics registry every verticle reports to.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final Function<AppConfig, List<Feature>> features;
  private final String contractPath;
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private volatile Future<?> starting;
  private volatile EmbeddedDatabase embedded;
  private volatile long drainDelayMs;
  // The deployments, stopped in the reverse order of their dependencies at shutdown: set on the
  // event loop during start, read by the thread that closes Vert.x.
  private volatile List<String> databaseDeployments = List.of();
  private volatile WorkerDeployment.Deployed workerDeployments = WorkerDeployment.Deployed.NONE;
  private volatile String httpDeployment;
  private Future<Void> shutdown;

  /** Wrench with its features ({@link Features#all}) and its contract. */
  public MainVerticle() {
    this(Features::all, Contract.PATH);
  }

  /**
   * Wrench with {@code features} (the list of {@link Features} and, in a test, one more), made from
   * the configuration, serving the contract at {@code contractPath} (which lists every feature's
   * operations).
   */
  public MainVerticle(Function<AppConfig, List<Feature>> features, String contractPath) {
    this.features = features;
    this.contractPath = contractPath;
  }

  /**
   * A graceful shutdown (SIGTERM), once however often it is asked for: readiness answers 503 and
   * every answer says {@code Connection: close} at once; after the drain delay the HTTP verticles
   * stop accepting and wait for the requests in flight (up to the grace period). Then the rest stop
   * in the order of what they use: the outbox relay (which hands its lease on through the database
   * verticles), the notification and attachment workers, the cache, and last the database
   * verticles. Vert.x, closing afterwards, finds only this verticle left. A step that fails is
   * logged once and the next one still runs.
   */
  public synchronized Future<Void> shutdown() {
    if (shutdown == null) {
      shutdown =
          drain()
              .compose(v -> stop("the outbox relay", workerDeployments.relay()))
              .compose(v -> stop("the workers", workerDeployments.workers()))
              .compose(v -> stop("the cache", workerDeployments.cache()))
              .compose(v -> stop("the database verticles", databaseDeployments))
              .onSuccess(v -> LOG.info("Verticles stopped; closing Vert.x"));
    }
    return shutdown;
  }

  private Future<Void> drain() {
    vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).put(HttpVerticle.DRAINING, true);
    LOG.info("Shutting down: not ready; requests in flight are finished first");
    Promise<Void> delayed = Promise.promise();
    if (drainDelayMs > 0) {
      vertx.setTimer(drainDelayMs, t -> delayed.complete());
    } else {
      delayed.complete();
    }
    return delayed
        .future()
        .compose(v -> stop("HTTP", httpDeployment == null ? List.of() : List.of(httpDeployment)))
        .onSuccess(v -> LOG.info("HTTP stopped: requests in flight answered or out of grace"));
  }

  /** Undeploys {@code ids} side by side; a failure is logged, not passed on. */
  private Future<Void> stop(String what, List<String> ids) {
    return Future.join(ids.stream().map(vertx::undeploy).toList())
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn("Stopping {} did not finish cleanly: {}", what, e.getMessage());
              return Future.succeededFuture();
            });
  }

  /**
   * Asked to stop before start-up finished (SIGTERM while waiting for the database): start-up gives
   * up at its next step (within seconds: each wait for the database is short) and then completes
   * with nothing more deployed, so that the stop that follows finds a finished deployment. The
   * future completes when start-up has.
   */
  public Future<Void> abandonStart() {
    abandoned.set(true);
    Future<?> current = starting;
    return current == null ? Future.succeededFuture() : current.<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<?> start() {
    JsonObject given = config().copy();
    String registry = (String) given.remove(Metrics.REGISTRY_KEY);
    AppConfig config = AppConfig.load(given);
    drainDelayMs = config.http().drainDelayMs();
    long started = System.nanoTime();
    // A pool of its own whose long tasks (a first initdb, long migrations, the wait for the
    // database) are not reported as blocked threads.
    WorkerExecutor startup =
        vertx.createSharedWorkerExecutor("wrench-startup", 1, 10, TimeUnit.MINUTES);
    Future<?> result =
        startup
            .executeBlocking(
                () -> DatabaseDeployment.provision(config.database(), abandoned::get), false)
            .eventually(startup::close)
            .compose(
                provisioned -> {
                  embedded = provisioned.embedded();
                  if (abandoned.get()) {
                    return Future.failedFuture(
                        new StartupProblem("Start-up abandoned", StartupProblem.UNAVAILABLE));
                  }
                  return vertx
                      .executeBlocking(
                          () -> SigningKeys.loadOrCreate(Path.of(config.auth().keyDir())), false)
                      .compose(keys -> deploy(config, provisioned.settings(), keys, registry))
                      .onSuccess(
                          port ->
                              StartupReport.log(
                                  port,
                                  (System.nanoTime() - started) / 1_000_000,
                                  provisioned.settings(),
                                  config,
                                  vertx.isClustered()));
                })
            .recover(
                failure -> {
                  if (!abandoned.get()) {
                    // A failed start is not stopped: the embedded database is closed here.
                    return closeEmbedded().transform(v -> Future.failedFuture(failure));
                  }
                  LOG.info("Start-up abandoned: shutting down before Wrench was up");
                  return Future.succeededFuture();
                });
    starting = result;
    return result;
  }

  /** The verticles in order, HTTP last; the port HTTP listens on. */
  private Future<Integer> deploy(
      AppConfig config, DatabaseSettings database, SigningKeys keys, String registry) {
    List<Feature> features = List.copyOf(this.features.apply(config));
    return DatabaseDeployment.deploy(vertx, config.database(), database, registry, features)
        .compose(
            ids -> {
              databaseDeployments = ids;
              return FirstAdmin.ensure(
                  vertx, config.bootstrap(), config.auth().passwordIterations());
            })
        .compose(v -> WorkerDeployment.deploy(vertx, config, registry))
        .compose(
            workers -> {
              workerDeployments = workers;
              return HttpDeployment.deploy(vertx, config, keys, registry, features, contractPath);
            })
        .map(
            id -> {
              httpDeployment = id;
              return (Integer)
                  vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
            });
  }

  @Override
  public Future<?> stop() {
    return closeEmbedded();
  }

  private Future<Void> closeEmbedded() {
    EmbeddedDatabase embedded = this.embedded;
    this.embedded = null;
    if (embedded == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          embedded.close();
          return null;
        },
        false);
  }
}
