package dev.wrench.app;

import dev.wrench.attachment.AttachmentVerticle;
import dev.wrench.auth.ExternalIdentityProvider;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.SigningKeys;
import dev.wrench.bus.BusClient;
import dev.wrench.cache.CacheVerticle;
import dev.wrench.config.WrenchConfig;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.feature.Feature;
import dev.wrench.http.Contract;
import dev.wrench.http.HttpVerticle;
import dev.wrench.identity.UserService;
import dev.wrench.metrics.Metrics;
import dev.wrench.notification.NotificationVerticle;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.DatabaseVerticle;
import dev.wrench.store.EmbeddedDatabase;
import dev.wrench.store.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration and brings Wrench up in order: the database (embedded when no URL is
 * set), its migrations, the signing keys, the database verticles, the first admin, the cache
 * verticle (Redis when {@code REDIS_URL} is set, else in-process), then the HTTP verticles. Says at
 * start-up which back ends are in use.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<Feature> features;
  private EmbeddedDatabase embedded;
  private String httpDeployment;
  private long drainDelayMs;

  /** Wrench with its features ({@link Features#ALL}). */
  public MainVerticle() {
    this(Features.ALL);
  }

  /** Wrench with {@code features}: the list of {@link Features} and, in a test, one more. */
  public MainVerticle(List<Feature> features) {
    this.features = List.copyOf(features);
  }

  /**
   * The first half of a graceful shutdown (SIGTERM): readiness answers 503 at once; after the drain
   * delay the HTTP verticles stop accepting and wait for the requests in flight (up to the grace
   * period). The database, cache and other verticles still serve those requests; they stop with the
   * rest when Vert.x closes afterwards.
   */
  public Future<Void> drain() {
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
        .compose(
            v -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment))
        .onSuccess(v -> LOG.info("HTTP stopped: requests in flight answered or out of grace"));
  }

  @Override
  public Future<?> start() {
    WrenchConfig config = WrenchConfig.from(config());
    drainDelayMs = config.http().drainDelayMs();
    long started = System.nanoTime();
    return vertx
        .executeBlocking(() -> provisionDatabase(config), false)
        .compose(
            settings ->
                vertx
                    .executeBlocking(
                        () -> SigningKeys.loadOrCreate(Path.of(config.auth().keyDir())), false)
                    .compose(
                        keys ->
                            deployDatabase(config, settings)
                                .compose(v -> bootstrapAdmin(config))
                                .compose(v -> deployWorkers(config))
                                .compose(v -> deployHttp(config, keys))
                                .onSuccess(
                                    port ->
                                        LOG.info(
                                            "Wrench is up on port {} in {} ms. Database: {}. Cache: {}. Rate limits: {}."
                                                + " External identity provider: {}."
                                                + " Events: {}. Attachments: {}. Cluster: {}."
                                                + " Tracing: {}. Notifications: {}.",
                                            port,
                                            (System.nanoTime() - started) / 1_000_000,
                                            settings.describe(),
                                            describeCache(config),
                                            describeRateLimits(config),
                                            config.externalIdp().enabled()
                                                ? config.externalIdp().issuer()
                                                    + " (JWKS "
                                                    + config.externalIdp().jwksUrl()
                                                    + ")"
                                                : "none",
                                            describeEvents(config),
                                            config.attachments().describe(),
                                            vertx.isClustered()
                                                ? config.cluster().describe()
                                                : "not clustered",
                                            config.tracing().enabled()
                                                ? "OpenTelemetry, exported as the OTEL_* variables say"
                                                : "off",
                                            config.notifications().describe(config.events())))));
  }

  @Override
  public Future<?> stop() {
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

  private DatabaseSettings provisionDatabase(WrenchConfig config) throws Exception {
    DatabaseSettings settings;
    if (config.database().embedded()) {
      LOG.info(
          "DATABASE_URL is not set: starting the embedded PostgreSQL in {}",
          config.database().embeddedDataDir());
      embedded =
          EmbeddedDatabase.start(
              Path.of(config.database().embeddedDataDir()), config.database().embeddedPort());
      settings = embedded.settings();
    } else {
      settings = DatabaseSettings.fromUrl(config.database().url());
    }
    LOG.info("Database: {}; running migrations", settings.describe());
    Migrations.Outcome outcome = Migrations.run(settings);
    LOG.info(
        "Migrations done: {} applied, schema at version {}",
        outcome.applied(),
        outcome.schemaVersion());
    return settings;
  }

  private Future<Void> deployDatabase(WrenchConfig config, DatabaseSettings settings) {
    JsonObject connect =
        new JsonObject()
            .put("host", settings.host())
            .put("port", settings.port())
            .put("database", settings.database())
            .put("user", settings.user())
            .put("password", settings.password());
    int instances = instances(config.database().instances());
    // database.pool_size is the instance's total: each database verticle gets its share.
    int perInstance = Math.max(1, (config.database().poolSize() + instances - 1) / instances);
    JsonObject dbConfig =
        new JsonObject()
            .put("connect", connect)
            .put("pool_size", perInstance)
            .put("row_security", config.database().rowSecurity())
            .put("backlog_refresh_ms", config.database().backlogRefreshSeconds() * 1000L)
            .put(Metrics.REGISTRY_KEY, config().getString(Metrics.REGISTRY_KEY));
    // One instance sweeps expired idempotency keys; the rest only serve. Each has its own pool,
    // named apart so that the pool metrics of /metrics are per pool.
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      JsonObject instanceConfig = dbConfig.copy().put("pool_name", "wrench-pg-" + i);
      if (i == 0) {
        instanceConfig.put("sweeper", true);
      }
      deployed.add(
          vertx.deployVerticle(
              () -> new DatabaseVerticle(store -> features.forEach(f -> f.store(store))),
              new DeploymentOptions().setConfig(instanceConfig)));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** The first admin of the default organization, created only while it has no user. */
  private Future<Void> bootstrapAdmin(WrenchConfig config) {
    WrenchConfig.Bootstrap bootstrap = config.bootstrap();
    // Hashing is slow by design: ask first, so that a restart does not pay for it.
    return users()
        .bootstrapNeeded()
        .compose(
            needed ->
                needed.getBoolean("needed")
                    ? createFirstAdmin(config, bootstrap)
                    : Future.succeededFuture());
  }

  private Future<Void> createFirstAdmin(WrenchConfig config, WrenchConfig.Bootstrap bootstrap) {
    return vertx
        .executeBlocking(
            () -> {
              String password = bootstrap.adminPassword();
              boolean generated = password.isEmpty();
              if (generated) {
                byte[] random = new byte[18];
                RANDOM.nextBytes(random);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
              }
              return new JsonObject()
                  .put("email", bootstrap.adminEmail())
                  .put(
                      "password_hash",
                      new PasswordHasher(config.auth().passwordIterations()).hash(password))
                  .put("generated", generated ? password : null);
            },
            false)
        .compose(
            request ->
                users()
                    .bootstrapAdmin(request.getString("email"), request.getString("password_hash"))
                    .compose(
                        reply -> {
                          if (!reply.getBoolean("created")) {
                            return Future.succeededFuture();
                          }
                          String generated = request.getString("generated");
                          if (generated == null) {
                            LOG.info(
                                "Created the first admin {} with the password from BOOTSTRAP_ADMIN_PASSWORD",
                                bootstrap.adminEmail());
                            return Future.succeededFuture();
                          }
                          // The password goes to a file only its owner can read, never to the log.
                          return vertx.executeBlocking(
                              () -> {
                                Path file = Path.of(bootstrap.passwordFile());
                                Files.createDirectories(file.toAbsolutePath().getParent());
                                Files.writeString(file, generated + "\n");
                                try {
                                  Files.setPosixFilePermissions(
                                      file, PosixFilePermissions.fromString("rw-------"));
                                } catch (UnsupportedOperationException notPosix) {
                                  // keep the default permissions
                                }
                                LOG.info(
                                    "Created the first admin {}; its generated password is in {}",
                                    bootstrap.adminEmail(),
                                    file);
                                return null;
                              },
                              false);
                        }))
        .mapEmpty();
  }

  private UserService users() {
    return BusClient.of(vertx.eventBus(), UserService.class, new DeliveryOptions());
  }

  private static String describeCache(WrenchConfig config) {
    WrenchConfig.Cache cache = config.cache();
    String where =
        config.redis().configured()
            ? "Redis at "
                + config.redis().describe()
                + " (shared by every instance, key prefix "
                + config.redis().keyPrefix()
                + ")"
            : "in-process (no REDIS_URL: serves this one instance)";
    if (!cache.enabled()) {
      return "disabled (cache.enabled=false)";
    }
    return where
        + ", TTL "
        + cache.workOrderTtlSeconds()
        + "/"
        + cache.assetTtlSeconds()
        + "/"
        + cache.technicianTtlSeconds()
        + " s (work orders/assets/technicians)";
  }

  private static String describeRateLimits(WrenchConfig config) {
    WrenchConfig.RateLimit limits = config.rateLimit();
    return (config.redis().configured()
            ? "shared in Redis (in-process while Redis is unavailable)"
            : "in-process (no REDIS_URL: this instance only)")
        + ", "
        + limits.perMinute()
        + " per principal and "
        + limits.anonymousPerMinute()
        + " per client address every "
        + limits.windowSeconds()
        + " s, routes "
        + limits.routes()
        + ", roles "
        + limits.roles()
        + ", "
        + limits.clients().size()
        + " client limits";
  }

  private static String describeEvents(WrenchConfig config) {
    WrenchConfig.Events events = config.events();
    return (events.kafka()
            ? "Kafka at "
                + events.kafkaBootstrapServers()
                + " (topic "
                + events.topic()
                + ") and the event bus "
            : "in-process (no KAFKA_BOOTSTRAP_SERVERS: the event bus ")
        + OutboxRelayVerticle.WORK_ORDER_EVENTS
        + (events.kafka() ? "" : " only)")
        + ", from the transactional outbox";
  }

  /**
   * The cache, the attachment worker and the event pipeline start side by side (on two cores,
   * start-up is CPU-bound: class loading and the JIT). The relay starts after the notification
   * worker: in-process delivery hands events to its intake, and an event handed over before the
   * intake exists would count as "notifications off" and be published without its notifications.
   */
  private Future<Void> deployWorkers(WrenchConfig config) {
    return Future.all(
            deployCache(config),
            deployAttachmentWorker(config),
            deployNotifications(config).compose(v -> deployRelay(config)))
        .mapEmpty();
  }

  /**
   * One outbox relay per instance (a worker: it waits on Kafka); the relay lease lets one of them
   * publish at a time.
   */
  private Future<Void> deployRelay(WrenchConfig config) {
    WrenchConfig.Events events = config.events();
    JsonObject relayConfig =
        new JsonObject()
            .put("poll_ms", events.pollMs())
            .put("nudge_gap_ms", events.nudgeGapMs())
            .put("batch_size", events.batchSize())
            .put("lease_ms", events.leaseMs())
            .put("overdue_check_ms", events.overdueCheckMs());
    if (events.kafka()) {
      relayConfig.put(
          "kafka",
          new JsonObject()
              .put("bootstrap_servers", events.kafkaBootstrapServers())
              .put("topic", events.topic())
              .put("delivery_timeout_ms", events.deliveryTimeoutMs()));
    }
    return vertx
        .deployVerticle(
            OutboxRelayVerticle.class.getName(),
            new DeploymentOptions().setConfig(relayConfig).setThreadingModel(ThreadingModel.WORKER))
        .mapEmpty();
  }

  /**
   * The notification worker (WORKER threading model), one per instance: with Kafka the instances
   * share the events through their consumer group; their jobs through PostgreSQL.
   */
  private Future<Void> deployNotifications(WrenchConfig config) {
    WrenchConfig.Notifications notifications = config.notifications();
    if (!notifications.enabled()) {
      return Future.succeededFuture();
    }
    JsonObject workerConfig =
        notifications
            .workerConfig(config.events())
            .put(Metrics.REGISTRY_KEY, config().getString(Metrics.REGISTRY_KEY));
    return vertx
        .deployVerticle(
            NotificationVerticle.class.getName(),
            new DeploymentOptions()
                .setConfig(workerConfig)
                .setThreadingModel(ThreadingModel.WORKER))
        .mapEmpty();
  }

  /** One cache verticle: it owns Redis (or the in-process cache) and its breaker. */
  private Future<Void> deployCache(WrenchConfig config) {
    WrenchConfig.Cache cache = config.cache();
    WrenchConfig.Redis redis = config.redis();
    JsonObject cacheConfig =
        new JsonObject()
            .put(Metrics.REGISTRY_KEY, config().getString(Metrics.REGISTRY_KEY))
            .put("enabled", cache.enabled())
            .put("key_prefix", redis.keyPrefix())
            .put(
                "ttl_seconds",
                new JsonObject()
                    .put("work-orders", cache.workOrderTtlSeconds())
                    .put("assets", cache.assetTtlSeconds())
                    .put("technicians", cache.technicianTtlSeconds()))
            .put("max_entries", cache.maxEntries())
            .put("max_megabytes", cache.maxMegabytes())
            .put("lease_timeout_ms", cache.leaseTimeoutMs());
    if (redis.configured()) {
      cacheConfig.put(
          "redis",
          new JsonObject()
              .put("url", redis.url())
              .put("timeout_ms", redis.timeoutMs())
              .put("breaker_max_failures", redis.breakerMaxFailures())
              .put("breaker_reset_ms", redis.breakerResetMs())
              .put("pool_size", redis.poolSize()));
    }
    return vertx
        .deployVerticle(
            CacheVerticle.class.getName(), new DeploymentOptions().setConfig(cacheConfig))
        .mapEmpty();
  }

  /**
   * The attachment worker (WORKER threading model: it blocks on storage and image work); the first
   * instance also sweeps deleted and orphaned objects.
   */
  private Future<Void> deployAttachmentWorker(WrenchConfig config) {
    WrenchConfig.Attachments attachments = config.attachments();
    JsonObject worker =
        attachments.worker().copy().put("store", attachments.store().copy()).put("sweeper", true);
    Future<String> first =
        vertx.deployVerticle(
            AttachmentVerticle.class.getName(),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(worker));
    int more = attachments.workerInstances() - 1;
    return (more > 0
            ? first.compose(
                id ->
                    vertx.deployVerticle(
                        AttachmentVerticle.class.getName(),
                        new DeploymentOptions()
                            .setThreadingModel(ThreadingModel.WORKER)
                            .setInstances(more)
                            .setConfig(worker.copy().put("sweeper", false))))
            : first)
        .mapEmpty();
  }

  private Future<Integer> deployHttp(WrenchConfig config, SigningKeys keys) {
    WrenchConfig.Http http = config.http();
    JsonObject httpConfig =
        new JsonObject()
            .put(Metrics.REGISTRY_KEY, config().getString(Metrics.REGISTRY_KEY))
            .put("host", http.host())
            // Port 0 means "any free port": a negative port makes all instances share one.
            .put("port", http.port() == 0 ? -1 : http.port())
            .put("body_limit_bytes", http.bodyLimitBytes())
            .put("shutdown_grace_ms", http.shutdownGraceSeconds() * 1000L)
            .put("cors", http.cors().toJson())
            .put("attachments", config.attachments().toJson())
            .put(
                "webhooks",
                new JsonObject()
                    .put("allow_private_targets", config.notifications().allowPrivateTargets())
                    .put("secret_grace_seconds", config.notifications().secretGraceSeconds()))
            .put("token_cache_size", config.auth().tokenCacheSize())
            .put("password_iterations", config.auth().passwordIterations())
            .put(
                "rate_limit",
                config
                    .rateLimit()
                    .toJson()
                    .put("shared", config.redis().configured())
                    // A Redis call is bounded by its breaker's timeout; the bus adds a margin.
                    .put("timeout_ms", config.redis().timeoutMs() + 250L))
            .put(
                "cache",
                new JsonObject()
                    .put("enabled", config.cache().enabled())
                    // A miss may wait for another request's load (a lease) before reading itself.
                    .put(
                        "timeout_ms",
                        config.cache().leaseTimeoutMs() + config.redis().timeoutMs() + 500L))
            .put(
                "auth",
                new JsonObject()
                    .put("issuer", config.auth().issuer())
                    .put("audience", config.auth().audience())
                    .put("access_token_ttl_seconds", config.auth().accessTokenTtlSeconds())
                    .put("refresh_token_ttl_seconds", config.auth().refreshTokenTtlSeconds())
                    .put("external", external(config.externalIdp()))
                    .put("login_throttle", config.loginThrottle().toJson()))
            .put(
                "keys",
                new JsonObject()
                    .put("kid", keys.keyId())
                    .put("private_pem", keys.privateKeyPem())
                    .put("public_pem", keys.publicKeyPem())
                    .put(
                        "trusted",
                        new io.vertx.core.json.JsonArray(
                            keys.alsoTrusted().stream()
                                .map(
                                    k ->
                                        new JsonObject()
                                            .put("kid", k.keyId())
                                            .put("public_pem", k.publicKeyPem()))
                                .toList()))
                    .put("jwks", keys.jwks().encode()));
    return Contract.read(vertx)
        .compose(
            source ->
                vertx.deployVerticle(
                    () ->
                        new HttpVerticle(
                            source.copy(), routes -> features.forEach(f -> f.routes(routes))),
                    new DeploymentOptions()
                        .setConfig(httpConfig)
                        .setInstances(instances(http.instances()))))
        .map(
            id -> {
              httpDeployment = id;
              return (Integer)
                  vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
            });
  }

  private static JsonObject external(WrenchConfig.ExternalIdp idp) {
    if (!idp.enabled()) {
      return null;
    }
    return new ExternalIdentityProvider.Settings(
            idp.issuer(),
            idp.jwksUrl(),
            idp.audience(),
            idp.orgClaim(),
            idp.roleClaim(),
            idp.roles(),
            idp.minRefreshSeconds())
        .toJson();
  }

  private static int instances(int configured) {
    // One per core: the JDK's count honours CPU affinity and quotas, as CpuCoreSensor's did.
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
