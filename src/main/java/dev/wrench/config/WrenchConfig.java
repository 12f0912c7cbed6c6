package dev.wrench.config;

import dev.wrench.store.DatabaseSettings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validated configuration. Built from the merged JSON of {@code conf/config.yaml} and the
 * environment by {@link #from(JsonObject)}, which lists every bad key at once.
 */
public record WrenchConfig(
    Http http,
    Database database,
    Auth auth,
    Bootstrap bootstrap,
    Redis redis,
    Cache cache,
    RateLimit rateLimit,
    ExternalIdp externalIdp,
    dev.wrench.auth.LoginThrottle loginThrottle,
    Events events,
    Attachments attachments,
    Cluster cluster,
    Tracing tracing,
    Notifications notifications) {

  /** The roles a per-role rate limit may name. */
  public static final Set<String> ROLES = Set.of("admin", "manager", "technician", "requester");

  private static final Pattern KEY_PREFIX = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");

  /**
   * {@code drainDelayMs}: on SIGTERM, how long readiness answers 503 while requests are still
   * served (so that load balancers stop sending first); {@code shutdownGraceSeconds}: then how long
   * requests in flight may take to finish before their connections are closed.
   */
  public record Http(
      String host,
      int port,
      int instances,
      long bodyLimitBytes,
      int drainDelayMs,
      int shutdownGraceSeconds,
      Cors cors) {
    public Http(
        String host,
        int port,
        int instances,
        long bodyLimitBytes,
        int drainDelayMs,
        int shutdownGraceSeconds) {
      this(host, port, instances, bodyLimitBytes, drainDelayMs, shutdownGraceSeconds, Cors.NONE);
    }
  }

  /**
   * Cross-origin access for browsers: the exact origins ({@code https://app.example.com}) allowed;
   * none by default, and then no CORS header is ever sent.
   */
  public record Cors(List<String> allowedOrigins, int maxAgeSeconds) {
    public static final Cors NONE = new Cors(List.of(), 600);

    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("allowed_origins", new io.vertx.core.json.JsonArray(allowedOrigins))
          .put("max_age_seconds", maxAgeSeconds);
    }
  }

  /**
   * Attachments: S3 when {@code s3.endpoint} and {@code s3.bucket} are set, else files in {@code
   * dataDir}. {@code store}, {@code limits} and {@code worker} are the verticles' config subtrees.
   */
  public record Attachments(
      String dataDir, JsonObject store, JsonObject limits, JsonObject worker, int workerInstances) {
    public Attachments {
      store = store.copy();
      limits = limits.copy();
      worker = worker.copy();
    }

    @Override
    public JsonObject store() {
      return store.copy();
    }

    @Override
    public JsonObject limits() {
      return limits.copy();
    }

    @Override
    public JsonObject worker() {
      return worker.copy();
    }

    public boolean s3() {
      return !store.getString("endpoint", "").isBlank();
    }

    public String describe() {
      return s3()
          ? "S3 bucket "
              + store.getString("bucket")
              + " at "
              + store.getString("endpoint")
              + (limits.getBoolean("stream_downloads")
                  ? " (downloads streamed)"
                  : " (downloads by presigned URL)")
          : "local folder " + dataDir + " (no S3_ENDPOINT)";
    }

    /** The config of the HTTP verticles' {@code attachments} and of the worker. */
    public JsonObject toJson() {
      return limits.copy().put("store", store.copy()).put("worker", worker.copy());
    }
  }

  /** {@code backlogRefreshSeconds}: how often the backlog gauges are counted again. */
  public record Database(
      String url,
      int poolSize,
      int instances,
      String embeddedDataDir,
      int embeddedPort,
      int backlogRefreshSeconds,
      boolean rowSecurity) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  public record Auth(
      String issuer,
      String audience,
      int accessTokenTtlSeconds,
      String keyDir,
      int passwordIterations,
      int tokenCacheSize,
      int refreshTokenTtlSeconds) {}

  /**
   * An external identity provider whose access tokens are accepted too; disabled while {@code
   * issuer} is empty. {@code orgClaim} and {@code roleClaim} are dotted claim paths; {@code roles}
   * maps the provider's role values to Wrench roles (empty: the values are Wrench role names).
   */
  public record ExternalIdp(
      String issuer,
      String jwksUrl,
      String audience,
      String orgClaim,
      String roleClaim,
      Map<String, String> roles,
      int minRefreshSeconds) {

    public ExternalIdp {
      roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    public boolean enabled() {
      return issuer != null && !issuer.isBlank();
    }
  }

  public record Bootstrap(String adminEmail, String adminPassword, String passwordFile) {}

  /**
   * Redis, optional: with no URL the cache and the rate limiter are in-process (one instance).
   * Every Redis call goes through a circuit breaker with {@code timeoutMs}; {@code
   * breakerMaxFailures} failures in a row open it for {@code breakerResetMs}.
   */
  public record Redis(
      String url,
      String keyPrefix,
      int timeoutMs,
      int breakerMaxFailures,
      int breakerResetMs,
      int poolSize) {
    public boolean configured() {
      return url != null && !url.isBlank();
    }

    /** The URL without credentials, for the log. */
    public String describe() {
      if (!configured()) {
        return "none";
      }
      URI uri = URI.create(url);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + ":"
          + (uri.getPort() < 0 ? 6379 : uri.getPort())
          + (uri.getPath() == null || uri.getPath().isEmpty() ? "" : uri.getPath());
    }
  }

  /** Cache-aside of single work orders, assets and technicians; entry lifetimes per kind. */
  public record Cache(
      boolean enabled,
      int workOrderTtlSeconds,
      int assetTtlSeconds,
      int technicianTtlSeconds,
      int maxEntries,
      int maxMegabytes,
      int leaseTimeoutMs) {}

  /**
   * Sliding-window limits: {@code perMinute} requests per window per authenticated principal,
   * {@code anonymousPerMinute} per client address for unauthenticated requests; {@code routes}
   * (operationId → limit) gives a route a budget of its own, {@code roles} and {@code clients}
   * (user id → limit) replace the default for a role or one principal. The window is a minute
   * unless {@code windowSeconds} says otherwise (tests shorten it).
   */
  public record RateLimit(
      int perMinute,
      int anonymousPerMinute,
      int windowSeconds,
      Map<String, Integer> routes,
      Map<String, Integer> roles,
      Map<String, Integer> clients) {

    public RateLimit {
      routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
      roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
      clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("per_minute", perMinute)
          .put("anonymous_per_minute", anonymousPerMinute)
          .put("window_seconds", windowSeconds)
          .put("routes", new JsonObject(new LinkedHashMap<>(routes)))
          .put("roles", new JsonObject(new LinkedHashMap<>(roles)))
          .put("clients", new JsonObject(new LinkedHashMap<>(clients)));
    }
  }

  /**
   * Work order events: the outbox relay publishes to Kafka at {@code kafkaBootstrapServers} on
   * {@code topic} (and on the event bus), or only on the event bus when no Kafka is configured.
   * {@code deliveryTimeoutMs} bounds one Kafka send with its retries; the relay lease ({@code
   * leaseMs}) must outlast it, so that no instance takes over while another's sends may still land.
   * The relay runs when a write of this instance nudges it, at most every {@code nudgeGapMs}, and
   * looks for other instances' events every {@code pollMs}.
   */
  public record Events(
      String kafkaBootstrapServers,
      String topic,
      int deliveryTimeoutMs,
      int pollMs,
      int nudgeGapMs,
      int batchSize,
      int leaseMs,
      int overdueCheckMs) {
    public boolean kafka() {
      return kafkaBootstrapServers != null && !kafkaBootstrapServers.isBlank();
    }
  }

  /**
   * Clustering: when {@code enabled}, Vert.x joins a Hazelcast cluster named {@code name} (TCP-IP
   * join on {@code members}, never multicast) so that the event bus spans the nodes. {@code host}
   * is the address this node binds and announces (Hazelcast and the event bus); {@code port} the
   * first Hazelcast port tried (the next ones follow when it is taken); {@code eventBusPort} the
   * event bus's TCP port (0: any free one).
   */
  public record Cluster(
      boolean enabled, String name, String host, int port, List<String> members, int eventBusPort) {
    public static final Cluster OFF = new Cluster(false, "wrench", "127.0.0.1", 5701, List.of(), 0);

    public Cluster {
      members = List.copyOf(members);
    }

    public String describe() {
      return enabled
          ? "clustered (Hazelcast cluster "
              + name
              + ", this node "
              + host
              + ":"
              + port
              + ", members "
              + members
              + ")"
          : "not clustered (cluster.enabled=false)";
    }
  }

  /**
   * Tracing: when {@code enabled}, the OpenTelemetry SDK is configured from the standard {@code
   * OTEL_*} variables (which win) over {@code properties} (defaults such as {@code
   * otel.service.name}), and Vert.x reports spans. Off: no SDK is created at all.
   */
  public record Tracing(boolean enabled, Map<String, String> properties) {
    /**
     * Traces over OTLP/HTTP (the exporter's JDK sender speaks HTTP, not gRPC); metrics and logs
     * have their own ways out (/metrics, stdout), so the SDK exports neither.
     */
    public static final Map<String, String> DEFAULT_PROPERTIES = defaultProperties();

    public static final Tracing OFF = new Tracing(false, DEFAULT_PROPERTIES);

    private static Map<String, String> defaultProperties() {
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("otel.service.name", "wrench");
      defaults.put("otel.traces.exporter", "otlp");
      defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
      defaults.put("otel.metrics.exporter", "none");
      defaults.put("otel.logs.exporter", "none");
      return Collections.unmodifiableMap(defaults);
    }

    public Tracing {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
  }

  private static Cluster cluster(Reader r) {
    boolean enabled = r.bool("cluster.enabled", false);
    String name = r.nonBlank("cluster.name", "wrench");
    String host = r.nonBlank("cluster.host", "127.0.0.1").trim();
    if (!HOST.matcher(host).matches()) {
      r.problem("cluster.host", "is not a host name or address");
    }
    int port = r.integer("cluster.port", 5701, 1, 65535);
    List<String> members = new ArrayList<>();
    Object raw = r.raw("cluster.members");
    if (raw instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(m -> members.add(String.valueOf(m).trim()));
    } else if (raw instanceof String text && !text.isBlank()) {
      for (String member : text.split(",")) {
        members.add(member.trim());
      }
    } else if (raw != null && !(raw instanceof String)) {
      r.problem("cluster.members", "must be a list of host or host:port");
    }
    for (String member : members) {
      int colon = member.lastIndexOf(':');
      String memberHost = colon > 0 ? member.substring(0, colon) : member;
      boolean portOk =
          colon <= 0
              || (PORT.matcher(member.substring(colon + 1)).matches()
                  && Integer.parseInt(member.substring(colon + 1)) <= 65535);
      // Hazelcast reads "host:5701-5703" as a port number and fails: one port per member.
      if (!HOST.matcher(memberHost).matches() || memberHost.contains(":") || !portOk) {
        r.problem("cluster.members", "'" + member + "' is not host or host:port");
      }
    }
    if (enabled && members.isEmpty()) {
      r.problem("cluster.members", "must name at least one member when cluster.enabled is true");
    }
    return new Cluster(
        enabled, name, host, port, members, r.integer("cluster.event_bus_port", 0, 0, 65535));
  }

  private static Tracing tracing(Reader r) {
    boolean enabled = r.bool("tracing.enabled", false);
    // The file's entries go over the defaults; the OTEL_* variables go over both (in the SDK).
    Map<String, String> properties = new LinkedHashMap<>(Tracing.DEFAULT_PROPERTIES);
    Object raw = r.raw("tracing.properties");
    if (raw instanceof JsonObject map) {
      for (String name : map.fieldNames()) {
        if (!name.startsWith("otel.")) {
          r.problem("tracing.properties." + name, "is not an OpenTelemetry property (otel.*)");
        } else {
          properties.put(name, String.valueOf(map.getValue(name)));
        }
      }
    } else if (raw != null) {
      r.problem("tracing.properties", "must be a map of otel.* property to value");
    }
    return new Tracing(enabled, properties);
  }

  /**
   * Notifications of work order events (the notification worker): webhooks always, e-mail when
   * {@code smtp.host} is set. {@code worker} is the worker's config subtree (without Kafka and
   * SMTP, which {@link #workerConfig} adds).
   */
  public record Notifications(
      boolean enabled,
      String groupId,
      String dlqTopic,
      JsonObject worker,
      boolean allowPrivateTargets,
      int secretGraceSeconds,
      Smtp smtp) {
    public Notifications {
      worker = worker.copy();
    }

    @Override
    public JsonObject worker() {
      return worker.copy();
    }

    /** The worker's config: {@code kafka} when events come from Kafka, {@code smtp} when set. */
    public JsonObject workerConfig(Events events) {
      JsonObject config =
          worker
              .copy()
              .put(
                  "webhooks",
                  worker
                      .getJsonObject("webhooks", new JsonObject())
                      .copy()
                      .put("allow_private_targets", allowPrivateTargets));
      if (events.kafka()) {
        config.put(
            "kafka",
            new JsonObject()
                .put("bootstrap_servers", events.kafkaBootstrapServers())
                .put("topic", events.topic())
                .put("group_id", groupId)
                .put("dlq_topic", dlqTopic));
      }
      if (smtp.configured()) {
        config.put("smtp", smtp.toJson());
      }
      return config;
    }

    public String describe(Events events) {
      if (!enabled) {
        return "disabled (notifications.enabled=false)";
      }
      return "from "
          + (events.kafka()
              ? "Kafka (group " + groupId + ", dead letters to " + dlqTopic + ")"
              : "the event bus (no KAFKA_BOOTSTRAP_SERVERS; dead letters in PostgreSQL only)")
          + "; webhooks"
          + (allowPrivateTargets ? " (private targets ALLOWED)" : "")
          + "; e-mail "
          + (smtp.configured()
              ? "via SMTP " + smtp.host() + ":" + smtp.port() + " from " + smtp.from()
              : "off (no SMTP_HOST)");
    }
  }

  /** The SMTP server of e-mail notifications; e-mail is off while {@code host} is empty. */
  public record Smtp(
      String host,
      int port,
      String from,
      String username,
      String password,
      String starttls,
      boolean ssl) {
    public boolean configured() {
      return host != null && !host.isBlank();
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("host", host)
          .put("port", port)
          .put("from", from)
          .put("username", username)
          .put("password", password)
          .put("starttls", starttls)
          .put("ssl", ssl);
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", from " + from + ", user " + username + "]";
    }
  }

  private static Notifications notifications(Reader r) {
    String groupId = r.nonBlank("notifications.group_id", "wrench-notifications");
    String dlqTopic = r.nonBlank("notifications.dlq_topic", "wrench.notifications.dlq");
    if (!TOPIC.matcher(dlqTopic).matches()) {
      r.problem("notifications.dlq_topic", "must be 1-249 letters, digits or ._-");
    }
    int base = r.integer("notifications.backoff_base_ms", 1_000, 1, 86_400_000);
    int max = r.integer("notifications.backoff_max_ms", 3_600_000, 1, 86_400_000);
    if (max < base) {
      r.problem("notifications.backoff_max_ms", "must not be less than backoff_base_ms");
    }
    JsonObject worker =
        new JsonObject()
            .put("max_attempts", r.integer("notifications.max_attempts", 8, 1, 100))
            .put("backoff_base_ms", base)
            .put("backoff_max_ms", max)
            .put("poll_ms", r.integer("notifications.poll_ms", 1_000, 10, 60_000))
            .put("routine_slots", r.integer("notifications.routine_slots", 16, 1, 1_000))
            .put("critical_slots", r.integer("notifications.critical_slots", 4, 1, 1_000))
            .put("per_target", r.integer("notifications.per_target", 4, 1, 1_000))
            .put(
                "webhooks",
                new JsonObject()
                    .put(
                        "timeout_ms",
                        r.integer("notifications.webhooks.timeout_ms", 10_000, 100, 300_000)));
    String starttls = r.string("smtp.starttls", "optional").toLowerCase(java.util.Locale.ROOT);
    if (!Set.of("disabled", "optional", "required").contains(starttls)) {
      r.problem("smtp.starttls", "must be disabled, optional or required");
      starttls = "optional";
    }
    String from = r.string("smtp.from", "wrench@localhost");
    String host = r.string("smtp.host", "").trim();
    if (!host.isEmpty() && !from.contains("@")) {
      r.problem("smtp.from", "is not an e-mail address");
    }
    Smtp smtp =
        new Smtp(
            host,
            r.integer("smtp.port", 25, 1, 65535),
            from,
            r.string("smtp.username", ""),
            r.string("smtp.password", ""),
            starttls,
            r.bool("smtp.ssl", false));
    return new Notifications(
        r.bool("notifications.enabled", true),
        groupId,
        dlqTopic,
        worker,
        r.bool("notifications.webhooks.allow_private_targets", false),
        r.integer("notifications.webhooks.secret_grace_seconds", 86_400, 0, 2_592_000),
        smtp);
  }

  private static final Pattern TOPIC = Pattern.compile("^[A-Za-z0-9._-]{1,249}$");
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.\\[\\]:_-]{1,255}$");
  private static final Pattern PORT = Pattern.compile("^\\d{1,5}$");

  /** {@code host:port[,host:port...]}, checked entry by entry. */
  private static boolean isBootstrapServers(String servers) {
    for (String server : servers.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0
          || !HOST.matcher(server.substring(0, colon)).matches()
          || !PORT.matcher(server.substring(colon + 1)).matches()
          || Integer.parseInt(server.substring(colon + 1)) > 65535) {
        return false;
      }
    }
    return true;
  }

  private static Events events(Reader r) {
    String servers = r.string("kafka.bootstrap_servers", "").trim();
    if (!servers.isEmpty() && !isBootstrapServers(servers)) {
      r.problem("kafka.bootstrap_servers", "is not a list of host:port (host1:9092,host2:9092)");
      servers = "";
    }
    String topic = r.nonBlank("kafka.topic", "wrench.work-orders.events");
    if (!topic.isBlank() && !TOPIC.matcher(topic).matches()) {
      r.problem("kafka.topic", "must be 1-249 letters, digits or ._-");
    }
    int deliveryTimeout = r.integer("kafka.delivery_timeout_ms", 15_000, 1_000, 600_000);
    int lease = r.integer("events.relay.lease_ms", 30_000, 1_000, 3_600_000);
    if (lease <= deliveryTimeout) {
      r.problem(
          "events.relay.lease_ms",
          "must be longer than kafka.delivery_timeout_ms (" + deliveryTimeout + ")");
    }
    return new Events(
        servers,
        topic,
        deliveryTimeout,
        r.integer("events.relay.poll_ms", 250, 1, 60_000),
        r.integer("events.relay.nudge_gap_ms", 3, 0, 1_000),
        r.integer("events.relay.batch_size", 500, 1, 10_000),
        lease,
        r.integer("events.overdue_check_ms", 60_000, 10, 86_400_000));
  }

  /** The limits of a new config: the conventions' 100 per principal, tighter on log-in. */
  public static final int DEFAULT_RATE_LIMIT = 100;

  private static final int MAX_LIMIT = 100_000_000;

  /**
   * Log-ins are tighter than the rest (password guessing). The health probes get a budget of their
   * own: an orchestrator probing liveness and readiness every second from one node address (120 a
   * minute) would otherwise spend the anonymous budget and be refused, failing the pod.
   */
  public static final Map<String, Integer> DEFAULT_ROUTE_LIMITS =
      Map.of("issueToken", 10, "getLiveness", 600, "getReadiness", 600);

  public static WrenchConfig from(JsonObject json) {
    Reader r = new Reader(json);
    Http http =
        new Http(
            r.string("http.host", "0.0.0.0"),
            r.integer("http.port", 8080, 0, 65535),
            r.integer("http.instances", 0, 0, 64),
            r.integer("http.body_limit_bytes", 1_048_576, 1024, 64 * 1024 * 1024),
            r.integer("http.drain_delay_ms", 0, 0, 120_000),
            r.integer("http.shutdown_grace_seconds", 30, 0, 600),
            cors(r));
    String url = r.string("database.url", "");
    if (!url.isBlank()) {
      if (!DatabaseSettings.isValidUrl(url)) {
        r.problem("database.url", "is not a postgresql:// URL");
      }
    }
    Database database =
        new Database(
            url,
            r.integer("database.pool_size", 16, 1, 500),
            r.integer("database.instances", 0, 0, 64),
            r.string("database.embedded.data_dir", "data/postgres"),
            r.integer("database.embedded.port", 15432, 0, 65535),
            r.integer("database.backlog_refresh_seconds", 30, 1, 3_600),
            r.bool("database.row_security", true));
    Auth auth =
        new Auth(
            r.nonBlank("auth.issuer", "wrench"),
            r.nonBlank("auth.audience", "wrench-api"),
            r.integer("auth.access_token_ttl_seconds", 900, 60, 86_400),
            r.nonBlank("auth.key_dir", "data/keys"),
            r.integer("auth.password_iterations", 600_000, 1_000, 10_000_000),
            r.integer("auth.token_cache_size", 10_000, 0, 1_000_000),
            r.integer("auth.refresh_token_ttl_seconds", 2_592_000, 60, 31_536_000));
    String adminEmail = r.nonBlank("bootstrap.admin_email", "admin@wrench.local");
    if (!adminEmail.contains("@")) {
      r.problem("bootstrap.admin_email", "is not an e-mail address");
    }
    String adminPassword = r.string("bootstrap.admin_password", "");
    if (!adminPassword.isEmpty() && adminPassword.length() < 12) {
      r.problem("bootstrap.admin_password", "must be at least 12 characters");
    }
    Bootstrap bootstrap =
        new Bootstrap(
            adminEmail,
            adminPassword,
            r.nonBlank("bootstrap.password_file", "data/bootstrap-admin-password"));
    Redis redis = redis(r);
    Cache cache =
        new Cache(
            r.bool("cache.enabled", true),
            r.integer("cache.ttl_seconds.work_orders", 300, 1, 86_400),
            r.integer("cache.ttl_seconds.assets", 900, 1, 86_400),
            r.integer("cache.ttl_seconds.technicians", 900, 1, 86_400),
            r.integer("cache.max_entries", 100_000, 100, 10_000_000),
            r.integer("cache.max_megabytes", 32, 1, 65_536),
            r.integer("cache.lease_timeout_ms", 2_000, 50, 60_000));
    RateLimit rateLimit = rateLimit(r);
    ExternalIdp externalIdp = externalIdp(r, auth);
    dev.wrench.auth.LoginThrottle loginThrottle = loginThrottle(r);
    Events events = events(r);
    Attachments attachments = attachments(r);
    Cluster cluster = cluster(r);
    Tracing tracing = tracing(r);

    Notifications notifications = notifications(r);
    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    return new WrenchConfig(
        http,
        database,
        auth,
        bootstrap,
        redis,
        cache,
        rateLimit,
        externalIdp,
        loginThrottle,
        events,
        attachments,
        cluster,
        tracing,
        notifications);
  }

  private static ExternalIdp externalIdp(Reader r, Auth auth) {
    String issuer = r.string("auth.external.issuer", "");
    String jwksUrl = r.string("auth.external.jwks_url", "");
    String audience = r.string("auth.external.audience", "");
    String orgClaim = r.nonBlank("auth.external.org_claim", "org_id");
    String roleClaim = r.nonBlank("auth.external.role_claim", "role");
    int minRefresh = r.integer("auth.external.min_refresh_seconds", 30, 1, 86_400);
    Map<String, String> roles = new LinkedHashMap<>();
    Object rawRoles = r.raw("auth.external.roles");
    if (rawRoles instanceof JsonObject map) {
      for (String name : map.fieldNames()) {
        String role = String.valueOf(map.getValue(name));
        if (!ROLES.contains(role)) {
          r.problem(
              "auth.external.roles." + name, "must be a role " + new java.util.TreeSet<>(ROLES));
        } else {
          roles.put(name, role);
        }
      }
    } else if (rawRoles != null) {
      r.problem("auth.external.roles", "must be a map of the provider's role to a Wrench role");
    }
    if (!issuer.isBlank()) {
      if (issuer.equals(auth.issuer())) {
        r.problem("auth.external.issuer", "must differ from auth.issuer");
      }
      if (!isHttpUrl(jwksUrl)) {
        r.problem(
            "auth.external.jwks_url", "must be an http(s) URL when auth.external.issuer is set");
      }
      if (audience.isBlank()) {
        audience = auth.audience();
      }
    }
    return new ExternalIdp(issuer, jwksUrl, audience, orgClaim, roleClaim, roles, minRefresh);
  }

  private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

  /** Origins as a list or a comma-separated string (the environment's form). */
  private static Cors cors(Reader r) {
    Object raw = r.raw("http.cors.allowed_origins");
    List<String> origins = new ArrayList<>();
    if (raw instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(o -> origins.add(String.valueOf(o).trim()));
    } else if (raw instanceof String text && !text.isBlank()) {
      for (String origin : text.split(",")) {
        origins.add(origin.trim());
      }
    } else if (raw != null && !(raw instanceof String)) {
      r.problem("http.cors.allowed_origins", "must be a list of origins");
    }
    for (String origin : origins) {
      if (!ORIGIN.matcher(origin).matches()) {
        r.problem(
            "http.cors.allowed_origins",
            "'" + origin + "' is not an origin such as https://app.example.com (no path, no *)");
      }
    }
    return new Cors(origins, r.integer("http.cors.max_age_seconds", 600, 0, 86_400));
  }

  private static dev.wrench.auth.LoginThrottle loginThrottle(Reader r) {
    String k = "auth.login_throttle.";
    int accountDelay = r.integer(k + "account_delay_after", 3, 1, 1_000_000);
    int accountLockout = r.integer(k + "account_lockout_after", 10, 1, 1_000_000);
    int addressDelay = r.integer(k + "address_delay_after", 20, 1, 1_000_000);
    int addressLockout = r.integer(k + "address_lockout_after", 100, 1, 1_000_000);
    if (accountLockout < accountDelay) {
      r.problem(k + "account_lockout_after", "must not be below account_delay_after");
    }
    if (addressLockout < addressDelay) {
      r.problem(k + "address_lockout_after", "must not be below address_delay_after");
    }
    return new dev.wrench.auth.LoginThrottle(
        accountDelay,
        accountLockout,
        addressDelay,
        addressLockout,
        r.integer(k + "window_seconds", 900, 1, 86_400),
        r.integer(k + "lockout_seconds", 900, 1, 86_400),
        r.integer(k + "base_delay_ms", 250, 0, 10_000),
        r.integer(k + "max_delay_ms", 5_000, 0, 60_000));
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static final List<String> DEFAULT_TYPES =
      List.of(
          "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain");

  private static Attachments attachments(Reader r) {
    String dataDir = r.nonBlank("attachments.data_dir", "data/attachments");
    String endpoint = r.string("attachments.s3.endpoint", "");
    String bucket = r.string("attachments.s3.bucket", "");
    if (!endpoint.isBlank()) {
      try {
        URI uri = new URI(endpoint);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          r.problem("attachments.s3.endpoint", "is not an http(s):// URL");
        }
      } catch (URISyntaxException e) {
        r.problem("attachments.s3.endpoint", "is not an http(s):// URL");
      }
      if (bucket.isBlank()) {
        r.problem(
            "attachments.s3.bucket", "must be set when attachments.s3.endpoint is (S3_BUCKET)");
      }
    }
    String accessKey = r.string("attachments.s3.access_key_id", "");
    String secretKey = r.string("attachments.s3.secret_access_key", "");
    if (accessKey.isBlank() != secretKey.isBlank()) {
      r.problem(
          "attachments.s3.secret_access_key",
          "and access_key_id go together (or leave both empty for the AWS credentials chain)");
    }
    JsonObject store =
        new JsonObject()
            .put("data_dir", dataDir)
            .put("endpoint", endpoint)
            .put("bucket", bucket)
            .put("region", r.nonBlank("attachments.s3.region", "us-east-1"))
            .put("path_style", r.bool("attachments.s3.path_style", true))
            .put("access_key_id", accessKey)
            .put("secret_access_key", secretKey)
            .put("create_bucket", r.bool("attachments.s3.create_bucket", false))
            .put(
                "part_size_bytes",
                r.integer(
                    "attachments.s3.part_size_bytes",
                    5 * 1024 * 1024,
                    5 * 1024 * 1024,
                    512 * 1024 * 1024))
            .put("timeout_ms", r.integer("attachments.s3.timeout_ms", 30_000, 100, 600_000));
    io.vertx.core.json.JsonArray types = new io.vertx.core.json.JsonArray();
    Object rawTypes = r.raw("attachments.allowed_types");
    if (rawTypes == null) {
      DEFAULT_TYPES.forEach(types::add);
    } else if (rawTypes instanceof io.vertx.core.json.JsonArray list) {
      for (Object type : list) {
        if (type instanceof String t && t.matches("^[a-z0-9.+-]+/[a-z0-9.+-]+$")) {
          types.add(t);
        } else {
          r.problem("attachments.allowed_types", "holds '" + type + "', which is not a media type");
        }
      }
    } else if (rawTypes instanceof String text) {
      for (String type : text.split(",")) {
        if (!type.isBlank()) {
          types.add(type.trim().toLowerCase(java.util.Locale.ROOT));
        }
      }
    } else {
      r.problem("attachments.allowed_types", "must be a list of media types");
    }
    JsonObject limits =
        new JsonObject()
            .put(
                "max_size_bytes",
                (long)
                    r.integer("attachments.max_size_bytes", 50 * 1024 * 1024, 1, Integer.MAX_VALUE))
            .put("max_per_work_order", r.integer("attachments.max_per_work_order", 100, 1, 100_000))
            .put("allowed_types", types)
            .put(
                "presign_ttl_seconds",
                r.integer("attachments.presign_ttl_seconds", 300, 1, 7 * 24 * 3600))
            .put("stream_downloads", r.bool("attachments.stream_downloads", false))
            .put("worker_pool_size", r.integer("attachments.worker_pool_size", 16, 1, 256))
            .put("breaker_max_failures", r.integer("attachments.breaker_max_failures", 3, 1, 1_000))
            .put("breaker_reset_ms", r.integer("attachments.breaker_reset_ms", 5_000, 50, 600_000));
    JsonObject worker =
        new JsonObject()
            .put("poll_ms", r.integer("attachments.worker.poll_ms", 2_000, 10, 3_600_000))
            .put("lease_ms", r.integer("attachments.worker.lease_ms", 300_000, 100, 86_400_000))
            .put("max_attempts", r.integer("attachments.worker.max_attempts", 5, 1, 100))
            .put("backoff_ms", r.integer("attachments.worker.backoff_ms", 1_000, 1, 3_600_000))
            .put(
                "backoff_max_ms",
                r.integer("attachments.worker.backoff_max_ms", 300_000, 1, 86_400_000))
            .put("sweep_ms", r.integer("attachments.worker.sweep_ms", 60_000, 10, 86_400_000))
            .put(
                "stale_upload_ms",
                r.integer("attachments.worker.stale_upload_ms", 3_600_000, 1, Integer.MAX_VALUE))
            .put(
                "orphan_grace_ms",
                r.integer("attachments.worker.orphan_grace_ms", 3_600_000, 0, Integer.MAX_VALUE))
            .put(
                "max_pixels",
                (long) r.integer("attachments.worker.max_pixels", 40_000_000, 1, Integer.MAX_VALUE))
            .put("thumbnail_edge", r.integer("attachments.worker.thumbnail_edge", 256, 16, 2_048))
            .put("allowed_types", types.copy());
    return new Attachments(
        dataDir, store, limits, worker, r.integer("attachments.worker.instances", 1, 1, 16));
  }

  private static Redis redis(Reader r) {
    String url = r.string("redis.url", "");
    if (!url.isBlank() && !isRedisUrl(url)) {
      r.problem("redis.url", "is not a redis:// URL (redis://[user:password@]host[:port][/db])");
      url = "";
    }
    String prefix = r.nonBlank("redis.key_prefix", "wrench");
    if (!prefix.isBlank() && !KEY_PREFIX.matcher(prefix).matches()) {
      r.problem("redis.key_prefix", "must be 1-64 letters, digits or _.:-");
    }
    return new Redis(
        url,
        prefix,
        r.integer("redis.timeout_ms", 250, 10, 60_000),
        r.integer("redis.breaker_max_failures", 3, 1, 1_000),
        r.integer("redis.breaker_reset_ms", 2_000, 50, 600_000),
        r.integer("redis.pool_size", 32, 1, 1_024));
  }

  private static boolean isRedisUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
          && uri.getHost() != null
          && (uri.getPath() == null
              || uri.getPath().isEmpty()
              || uri.getPath().matches("^/\\d{1,2}$"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static RateLimit rateLimit(Reader r) {
    int perMinute = r.integer("rate_limit.per_minute", DEFAULT_RATE_LIMIT, 1, MAX_LIMIT);
    int anonymous = r.integer("rate_limit.anonymous_per_minute", DEFAULT_RATE_LIMIT, 1, MAX_LIMIT);
    int window = r.integer("rate_limit.window_seconds", 60, 1, 3_600);
    Map<String, Integer> routes =
        r.limits(
            "rate_limit.routes",
            DEFAULT_ROUTE_LIMITS,
            name -> name.matches("^[A-Za-z]\\w*$"),
            "an operationId");
    Map<String, Integer> roles =
        r.limits(
            "rate_limit.roles",
            Map.of(),
            ROLES::contains,
            "a role " + new java.util.TreeSet<>(ROLES));
    Map<String, Integer> clients =
        r.limits("rate_limit.clients", Map.of(), WrenchConfig::isUuid, "a user id (UUID)");
    return new RateLimit(perMinute, anonymous, window, routes, roles, clients);
  }

  private static boolean isUuid(String value) {
    try {
      return UUID.fromString(value).toString().equalsIgnoreCase(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Reads dotted keys, tolerating strings for numbers (environment variables are strings). */
  private static final class Reader {
    private final JsonObject root;
    private final List<String> problems = new ArrayList<>();

    Reader(JsonObject root) {
      this.root = root;
    }

    void problem(String key, String message) {
      problems.add(key + " " + message);
    }

    Object raw(String key) {
      Object node = root;
      for (String part : key.split("\\.")) {
        if (!(node instanceof JsonObject object)) {
          return null;
        }
        node = object.getValue(part);
      }
      return node;
    }

    String string(String key, String fallback) {
      Object value = raw(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof JsonObject || value instanceof io.vertx.core.json.JsonArray) {
        problem(key, "must be a string");
        return fallback;
      }
      return value.toString();
    }

    String nonBlank(String key, String fallback) {
      String value = string(key, fallback);
      if (value.isBlank()) {
        problem(key, "must not be empty");
      }
      return value;
    }

    boolean bool(String key, boolean fallback) {
      Object value = raw(key);
      if (value == null || (value instanceof String s && s.isBlank())) {
        return fallback;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      String text = value.toString().trim().toLowerCase(java.util.Locale.ROOT);
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      problem(key, "must be true or false, got '" + value + "'");
      return fallback;
    }

    /** A map of name → limit; each name must pass {@code valid}. */
    Map<String, Integer> limits(
        String key,
        Map<String, Integer> fallback,
        java.util.function.Predicate<String> valid,
        String what) {
      Object value = raw(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof JsonObject object)) {
        problem(key, "must be a map of name to requests per window");
        return fallback;
      }
      Map<String, Integer> limits = new LinkedHashMap<>();
      for (String name : object.fieldNames()) {
        if (!valid.test(name)) {
          problem(key + "." + name, "is not " + what);
          continue;
        }
        limits.put(name, integer(key + "." + name, 1, 1, MAX_LIMIT));
      }
      return limits;
    }

    int integer(String key, int fallback, int min, int max) {
      Object value = raw(key);
      if (value == null || (value instanceof String s && s.isBlank())) {
        return fallback;
      }
      long parsed;
      try {
        parsed =
            value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        if (value instanceof Number n && n.doubleValue() != parsed) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problem(key, "must be an integer, got '" + value + "'");
        return fallback;
      }
      if (parsed < min || parsed > max) {
        problem(key, "must be between " + min + " and " + max + ", got " + parsed);
        return fallback;
      }
      return (int) parsed;
    }
  }
}
