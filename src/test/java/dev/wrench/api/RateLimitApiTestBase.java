package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rate limits as a client meets them: the 101st request of a window is refused with 429, {@code
 * Retry-After} and a problem body, the window recovers, the headers count down on every response;
 * budgets per principal, per role, per API client, and per client address with a tighter one on
 * {@code POST /oauth/token}. The window is shortened to a few seconds through configuration, so
 * that recovery is quick to wait for; each test spends the budget of a principal of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RateLimitApiTestBase {

  static final int WINDOW_SECONDS = 5;
  static final int LOGINS_PER_WINDOW = 30;

  protected WrenchServer server;
  protected Http http;
  protected String admin;
  private final UUID apiClient = UUID.randomUUID();

  /** Where the limits are kept: Redis or in-process. */
  protected abstract JsonObject backend();

  @BeforeAll
  void start() {
    JsonObject limits =
        new JsonObject()
            .put("per_minute", 100)
            .put("anonymous_per_minute", 60)
            .put("window_seconds", WINDOW_SECONDS)
            .put("routes", new JsonObject().put("issueToken", LOGINS_PER_WINDOW))
            .put("roles", new JsonObject().put("technician", 3))
            .put("clients", new JsonObject().put(apiClient.toString(), 7));
    server = WrenchServer.start(backend().put("rate_limit", limits));
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static int header(Http.Response response, String name) {
    String value = response.header(name);
    assertThat(value).as("%s on %s", name, response).isNotNull();
    return Integer.parseInt(value);
  }

  private static void assertRateLimitHeaders(Http.Response response, int limit) {
    assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(limit);
    assertThat(header(response, "X-RateLimit-Remaining")).isBetween(0, limit);
    assertThat(header(response, "X-RateLimit-Reset")).isBetween(1, WINDOW_SECONDS);
  }

  private static void assertRefused(Http.Response response, int limit) {
    assertProblem(response, 429, "/problems/rate-limited");
    assertThat(header(response, "Retry-After")).isBetween(1, WINDOW_SECONDS);
    assertThat(header(response, "X-RateLimit-Remaining")).isZero();
    assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(limit);
    assertThat(response.header("Retry-After")).isEqualTo(response.header("X-RateLimit-Reset"));
  }

  @Test
  void theHundredAndFirstRequestInAWindowIsRefusedAndTheHeadersCountDown() {
    String token = server.createUser("manager").token();
    for (int i = 0; i < 100; i++) {
      Http.Response response = http.get("/api/v1/work-orders?limit=1").token(token).send();
      assertThat(response.status()).as("request %d", i + 1).isEqualTo(200);
      assertRateLimitHeaders(response, 100);
      assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(99 - i);
    }
    Http.Response refused = http.get("/api/v1/work-orders?limit=1").token(token).send();
    assertRefused(refused, 100);
    // Every operation spends the same budget, and refusals do not extend the wait.
    assertRefused(http.get("/api/v1/assets").token(token).send(), 100);
    // Another principal has a budget of its own.
    Http.Response other = http.get("/api/v1/work-orders?limit=1").token(admin).send();
    assertThat(other.status()).isEqualTo(200);
  }

  @Test
  void theWindowRecoversAndARoleCanHaveALimitOfItsOwn() {
    String technician = server.createUser("technician").token();
    for (int i = 0; i < 3; i++) {
      Http.Response response = http.get("/api/v1/assets").token(technician).send();
      assertThat(response.status()).isEqualTo(200);
      assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(3);
      assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(2 - i);
    }
    Http.Response refused = http.get("/api/v1/assets").token(technician).send();
    assertRefused(refused, 3);
    long retryAfter = header(refused, "Retry-After");
    long refusedAt = System.nanoTime();
    Http.Response recovered =
        Awaitility.await()
            .atMost(Duration.ofSeconds(WINDOW_SECONDS + 3))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> http.get("/api/v1/assets").token(technician).send(),
                response -> response.status() == 200);
    assertThat(Duration.ofNanos(System.nanoTime() - refusedAt))
        .as("no sooner than Retry-After said, give or take its rounding up")
        .isGreaterThan(Duration.ofSeconds(retryAfter - 1));
    assertThat(header(recovered, "X-RateLimit-Remaining")).isBetween(0, 2);
  }

  @Test
  void anApiClientCanHaveALimitOfItsOwn() {
    String client =
        server.createUserInDatabase(WrenchServer.DEFAULT_ORG, apiClient, "manager").token();
    for (int i = 0; i < 7; i++) {
      assertThat(http.get("/api/v1/assets").token(client).send().status()).isEqualTo(200);
    }
    assertRefused(http.get("/api/v1/assets").token(client).send(), 7);
  }

  @Test
  void anApiKeySpendsItsPrincipalsBudgetOnceItHasAuthenticated() {
    WrenchServer.User technician = server.createUser("technician");
    Http.Response created =
        http.post("/api/v1/api-keys")
            .token(admin)
            .json(new JsonObject().put("name", "limited bot").put("user_id", technician.id()))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String key = created.json().getString("key");
    // The first request cannot know the key yet: it spends the client address's budget.
    Http.Response first =
        http.get("/api/v1/assets").header("Authorization", "ApiKey " + key).send();
    assertThat(first.status()).isEqualTo(200);
    assertThat(header(first, "X-RateLimit-Limit")).isEqualTo(60);
    // From then on the key spends its user's (a technician's: 3 a window), not the address's.
    for (int i = 0; i < 3; i++) {
      Http.Response response =
          http.get("/api/v1/assets").header("Authorization", "ApiKey " + key).send();
      assertThat(response.status()).as("request %d", i + 2).isEqualTo(200);
      assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(3);
    }
    assertRefused(http.get("/api/v1/assets").header("Authorization", "ApiKey " + key).send(), 3);
    // A made-up key still spends the address's budget.
    Http.Response unknown =
        http.get("/api/v1/assets").header("Authorization", "ApiKey wrk_madeup").send();
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(header(unknown, "X-RateLimit-Limit")).isEqualTo(60);
  }

  // Last: it spends the address's log-in budget, which the other tests need for their users.
  @Test
  @Order(Integer.MAX_VALUE)
  void loginsAreLimitedPerClientAddressOnABudgetOfTheirOwn() {
    String form = "grant_type=password&username=nobody%40wrench.test&password=wrong-password";
    Http.Response last = null;
    int answered = 0;
    for (int i = 0; i < LOGINS_PER_WINDOW + 1; i++) {
      last = Tokens.grant(http, form);
      if (last.status() == 429) {
        break;
      }
      answered++;
      assertThat(last.status()).isEqualTo(400);
      assertThat(header(last, "X-RateLimit-Limit")).isEqualTo(LOGINS_PER_WINDOW);
    }
    assertThat(answered).isLessThanOrEqualTo(LOGINS_PER_WINDOW);
    assertRefused(last, LOGINS_PER_WINDOW);
    // Other unauthenticated routes and authenticated callers keep their budgets.
    Http.Response live = http.get("/health/live").send();
    assertThat(live.status()).isEqualTo(200);
    assertThat(header(live, "X-RateLimit-Limit")).isEqualTo(60);
    assertThat(http.get("/api/v1/assets").token(admin).send().status()).isEqualTo(200);
    // Wait for the window, so that other tests can log in.
    Awaitility.await()
        .atMost(Duration.ofSeconds(WINDOW_SECONDS + 3))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Tokens.grant(http, form), response -> response.status() == 400);
  }

  @Test
  void everyResponseCarriesTheHeaders() {
    String token = server.createUser("manager").token();
    JsonObject created = WorkOrders.create(http, token, "headers");
    String path = "/api/v1/work-orders/" + created.getString("id");
    Http.Response[] responses = {
      http.get(path).token(token).send(), // 200
      http.get(path).token(token).header("If-None-Match", "\"1\"").send(), // 304
      http.post("/api/v1/work-orders").token(token).json(new JsonObject()).send(), // 400
      http.get("/api/v1/work-orders").send(), // 401
      http.get("/api/v1/work-orders").token("not-a-token").send(), // 401, bad token
      http.get("/api/v1/users").token(token).send(), // 403
      http.get("/api/v1/no-such-thing").token(token).send(), // 404, no route
      http.call(io.vertx.core.http.HttpMethod.PUT, path).token(token).send(), // 405
      http.delete(path).token(token).send(), // 204
      http.get("/health/ready").send(), // public
      http.get("/openapi.yaml").send(),
    };
    int[] statuses = {200, 304, 400, 401, 401, 403, 404, 405, 204, 200, 200};
    for (int i = 0; i < responses.length; i++) {
      assertThat(responses[i].status()).as(responses[i].toString()).isEqualTo(statuses[i]);
      assertThat(responses[i].header("X-RateLimit-Limit")).as("response %d", i).isNotNull();
      assertThat(responses[i].header("X-RateLimit-Remaining")).as("response %d", i).isNotNull();
      assertThat(responses[i].header("X-RateLimit-Reset")).as("response %d", i).isNotNull();
    }
  }
}
