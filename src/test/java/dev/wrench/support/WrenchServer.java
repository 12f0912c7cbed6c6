package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.app.MainVerticle;
import dev.wrench.app.WrenchVertx;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.http.Contract;
import dev.wrench.http.HttpVerticle;
import dev.wrench.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The real service for a test class: its own database, the real verticles deployed by {@link
 * MainVerticle}, listening on a free port. Tests speak to it over HTTP.
 */
public final class WrenchServer implements AutoCloseable {

  public static final String ADMIN_EMAIL = "admin@wrench.test";
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  /**
   * The suite makes hundreds of requests per user and logs in all the time: the fixture raises the
   * limits through configuration (the limiter still runs); rate-limit tests set low ones.
   */
  public static final int TEST_RATE_LIMIT = 1_000_000;

  private final WrenchVertx runtime;
  private final MainVerticle main;
  private final Vertx vertx;
  private final TestDatabase database;
  private final Path dataDir;
  private final Http http;
  private final boolean ownsDatabase;

  private boolean killed;

  private WrenchServer(
      WrenchVertx runtime,
      MainVerticle main,
      TestDatabase database,
      Path dataDir,
      Http http,
      boolean ownsDatabase) {
    this.runtime = runtime;
    this.main = main;
    this.vertx = runtime.vertx();
    this.database = database;
    this.dataDir = dataDir;
    this.http = http;
    this.ownsDatabase = ownsDatabase;
  }

  public static WrenchServer start() {
    return start(new JsonObject());
  }

  /**
   * Starts with the test defaults merged with {@code overrides} (the shape of conf/config.yaml).
   */
  public static WrenchServer start(JsonObject overrides) {
    return start(TestDatabase.create(), overrides);
  }

  /**
   * Starts on {@code database} (which the server then owns and drops on close), for tests that
   * reach it another way (through a TCP proxy, say) by setting {@code database.url}.
   */
  public static WrenchServer start(TestDatabase database, JsonObject overrides) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("wrench-test-");
    } catch (IOException e) {
      database.close();
      throw new IllegalStateException(e);
    }
    return start(database, dataDir, overrides, true, MainVerticle::new, Contract.PATH);
  }

  /**
   * Starts {@code main} (Wrench with other features or another contract) with the test defaults, on
   * a database of its own.
   */
  public static WrenchServer start(
      JsonObject overrides, Supplier<MainVerticle> main, String contractPath) {
    Path dataDir;
    TestDatabase database = TestDatabase.create();
    try {
      dataDir = Files.createTempDirectory("wrench-test-");
    } catch (IOException e) {
      database.close();
      throw new IllegalStateException(e);
    }
    return start(database, dataDir, overrides, true, main, contractPath);
  }

  /**
   * Another instance of the service on this one's database and signing keys (so that a token works
   * on both), with its own Vert.x: what two instances behind a load balancer look like. Closing it
   * leaves the database to this one.
   */
  public WrenchServer startAnotherInstance(JsonObject overrides) {
    return startAnotherInstance(overrides, MainVerticle::new);
  }

  /**
   * As {@link #startAnotherInstance(JsonObject)}, running {@code main} (say, on a test's clock).
   */
  public WrenchServer startAnotherInstance(JsonObject overrides, Supplier<MainVerticle> main) {
    return start(database, dataDir, overrides, false, main, Contract.PATH);
  }

  /**
   * Suites fail log-ins on purpose from one address: the fixture raises the brute-force thresholds
   * through configuration (the guard still runs); LoginThrottleTest sets low ones.
   */
  public static JsonObject testLoginThrottle() {
    return new JsonObject()
        .put("account_delay_after", TEST_RATE_LIMIT)
        .put("account_lockout_after", TEST_RATE_LIMIT)
        .put("address_delay_after", TEST_RATE_LIMIT)
        .put("address_lockout_after", TEST_RATE_LIMIT);
  }

  /** The test configuration with high rate limits (see {@link #TEST_RATE_LIMIT}). */
  public static JsonObject testRateLimits() {
    return new JsonObject()
        .put("per_minute", TEST_RATE_LIMIT)
        .put("anonymous_per_minute", TEST_RATE_LIMIT)
        .put("routes", new JsonObject().put("issueToken", TEST_RATE_LIMIT));
  }

  private static WrenchServer start(
      TestDatabase database,
      Path dataDir,
      JsonObject overrides,
      boolean ownsDatabase,
      Supplier<MainVerticle> main,
      String contractPath) {
    JsonObject config =
        new JsonObject()
            .put(
                "http",
                new JsonObject()
                    .put("port", 0)
                    .put("host", "127.0.0.1")
                    .put("instances", 2)
                    // A test that leaves a request hanging (a frozen database) must not wait
                    // the production grace period when it closes the server.
                    .put("shutdown_grace_seconds", 1))
            .put(
                "database",
                new JsonObject().put("url", database.url()).put("pool_size", 8).put("instances", 2))
            // A low iteration count keeps log-ins fast in tests; production uses
            // conf/config.yaml's.
            .put(
                "auth",
                new JsonObject()
                    .put("key_dir", dataDir.resolve("keys").toString())
                    .put("password_iterations", 1000)
                    .put("login_throttle", testLoginThrottle()))
            .put(
                "bootstrap",
                new JsonObject()
                    .put("admin_email", ADMIN_EMAIL)
                    .put("admin_password", ADMIN_PASSWORD)
                    .put("password_file", dataDir.resolve("admin-password").toString()))
            .put("rate_limit", testRateLimits())
            // Attachments in the test's folder; the worker polls often so that tests wait little.
            .put(
                "attachments",
                new JsonObject()
                    .put("data_dir", dataDir.resolve("attachments").toString())
                    .put(
                        "worker",
                        new JsonObject()
                            .put("poll_ms", 200)
                            .put("backoff_ms", 50)
                            .put("sweep_ms", 500)))
            .mergeIn(overrides, true);
    AppConfig checked = AppConfig.load(config);
    // A registry of its own: two servers in one JVM keep their metrics apart.
    String registry = "wrench-test-" + UUID.randomUUID();
    config.put(Metrics.REGISTRY_KEY, registry);
    WrenchVertx runtime =
        Http.await(WrenchVertx.start(checked.cluster(), checked.tracing(), registry));
    Vertx vertx = runtime.vertx();
    MainVerticle verticle = main.get();
    try {
      Http.await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    } catch (RuntimeException e) {
      runtime.close();
      if (ownsDatabase) {
        database.close();
      }
      throw e;
    }
    int port = (Integer) vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
    Http http =
        contractPath.equals(Contract.PATH)
            ? Http.on(vertx, port)
            : Http.on(vertx, port, contractPath);
    return new WrenchServer(runtime, verticle, database, dataDir, http, ownsDatabase);
  }

  public Http http() {
    return http;
  }

  /** The folder of the signing keys (shared with {@link #startAnotherInstance}). */
  public Path keyDir() {
    return dataDir.resolve("keys");
  }

  /** The folder of this server's files (keys, local attachments). */
  public Path dataDir() {
    return dataDir;
  }

  public TestDatabase database() {
    return database;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String adminToken() {
    return Tokens.login(http, ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  /** A user with {@code role} (made by the admin) and their token. */
  public User createUser(String role) {
    return makeUser(role, null);
  }

  /**
   * A user with {@code role} limited to the sites {@code siteIds} (sent as they are: an empty list
   * is every site), made by the admin, and their token. Fails unless the answer names those sites.
   */
  public User createUser(String role, List<String> siteIds) {
    return makeUser(role, List.copyOf(siteIds));
  }

  /** A user made through the API; {@code siteIds} null: none sent. */
  private User makeUser(String role, List<String> siteIds) {
    String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@wrench.test";
    String password = "password-of-" + email;
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("name", role)
            .put("role", role)
            .put("password", password);
    if (siteIds != null) {
      body.put("site_ids", new JsonArray(siteIds));
    }
    Http.Response created = http.post("/api/v1/users").token(adminToken()).json(body).send();
    if (created.status() != 201) {
      throw new AssertionError("creating a " + role + " failed: " + created);
    }
    if (siteIds != null) {
      assertThat(created.json().getJsonArray("site_ids"))
          .as("a %s made on sites %s: %s", role, siteIds, created)
          .containsExactlyInAnyOrderElementsOf(siteIds);
    }
    return new User(
        created.json().getString("id"), email, role, Tokens.login(http, email, password));
  }

  /** A technician user together with the technician record that links to them. */
  public Technician createTechnicianUser() {
    User user = createUser("technician");
    Http.Response technician =
        http.post("/api/v1/technicians")
            .token(adminToken())
            .json(new JsonObject().put("name", "Tech " + user.email()).put("user_id", user.id()))
            .send();
    if (technician.status() != 201) {
      throw new AssertionError("creating a technician failed: " + technician);
    }
    return new Technician(user, technician.json().getString("id"));
  }

  /** The organization every new database starts with. */
  public static final UUID DEFAULT_ORG = UUID.fromString("00000000-0000-0000-0000-000000000001");

  /** A new organization, made in SQL (the API has no way yet). */
  public UUID createOrganization(String name) {
    try (Connection sql = database.connect();
        PreparedStatement insert =
            sql.prepareStatement("INSERT INTO organizations (name) VALUES (?) RETURNING id")) {
      insert.setString(1, name);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getObject(1, UUID.class);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A user with a chosen id, made in SQL, and their token. */
  public User createUserInDatabase(UUID orgId, UUID id, String role) {
    String email = role + "-" + id.toString().substring(0, 8) + "@wrench.test";
    String password = "password-of-" + email;
    try (Connection sql = database.connect();
        PreparedStatement insert =
            sql.prepareStatement(
                "INSERT INTO users (id, org_id, email, name, role, password_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setObject(2, orgId);
      insert.setString(3, email);
      insert.setString(4, role);
      insert.setString(5, role);
      insert.setString(6, new PasswordHasher(1000).hash(password));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new User(id.toString(), email, role, Tokens.login(http, email, password));
  }

  public record User(String id, String email, String role, String token) {}

  public record Technician(User user, String technicianId) {}

  /** What SIGTERM does before Vert.x closes: {@link MainVerticle#shutdown}. */
  public void shutdown() {
    Http.await(main.shutdown());
  }

  /**
   * Ends this instance at once, without its shutdown: what a crash or SIGKILL leaves behind (a
   * relay lease that only expires). {@link #close} then only drops what the test owns.
   */
  public void kill() {
    killed = true;
    Http.await(runtime.close());
  }

  /** The way {@code serve} stops: {@link #shutdown}, then Vert.x closes. */
  @Override
  public void close() {
    try {
      if (!killed) {
        Http.await(main.shutdown().eventually(runtime::close));
      }
    } finally {
      if (ownsDatabase) {
        database.close();
        deleteDataDir();
      }
    }
  }

  private void deleteDataDir() {
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
