package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /public/requests} spends two budgets: its client address's ({@code
 * rate_limit.routes.submitPublicRequest}) and its link token's ({@code
 * rate_limit.public_request_tokens}); either refuses with 429 and its headers, and files nothing.
 * Run in-process ({@link PublicIntakeRateLimitTest}) and in Redis ({@link
 * PublicIntakeRateLimitRedisTest}), where the token's budget has a window of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicIntakeRateLimitTest {

  private static final int PER_TOKEN = 2;
  private static final int PER_ADDRESS = 4;

  private WrenchServer server;
  private Http http;
  private String admin;
  private PublicIntakeCalls intake;

  /** Where the limits are kept: here in-process (no Redis). */
  protected JsonObject backend() {
    return new JsonObject();
  }

  @BeforeAll
  void start() {
    JsonObject limits =
        new JsonObject()
            .put(
                "routes",
                new JsonObject()
                    .put("issueToken", WrenchServer.TEST_RATE_LIMIT)
                    .put("submitPublicRequest", PER_ADDRESS))
            .put(
                "public_request_tokens",
                new JsonObject().put("limit", PER_TOKEN).put("window_seconds", 3600));
    server = WrenchServer.start(backend().put("rate_limit", limits));
    http = server.http();
    admin = server.adminToken();
    intake = new PublicIntakeCalls(http);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String asset() {
    Http.Response made =
        http.post("/api/v1/assets").token(admin).json(new JsonObject().put("name", "pump")).send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json().getString("id");
  }

  private static void assertLimited(Http.Response response, int limit) {
    assertProblem(response, 429, "/problems/rate-limited");
    assertThat(response.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(limit));
    assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
    assertThat(response.header("X-RateLimit-Reset")).isEqualTo(response.header("Retry-After"));
  }

  @Test
  void theTokenAndTheAddressBudgetsEachRefuseAndFileNothing() {
    String first = asset();
    String second = asset();
    String firstToken = intake.link(admin, first).getString("token");
    String secondToken = intake.link(admin, second).getString("token");

    for (int i = 0; i < PER_TOKEN; i++) {
      Http.Response filed = intake.file(firstToken, "Leak " + i);
      assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    }
    // The token's budget is spent (the address has 1 left of 4).
    assertLimited(intake.file(firstToken, "One too many"), PER_TOKEN);
    assertThat(intake.requestsOf(admin, first)).isEqualTo(PER_TOKEN);

    // Another token from the same address: the address's last request, then its refusal.
    Http.Response last = intake.file(secondToken, "Leak");
    assertThat(last.status()).as(last.toString()).isEqualTo(201);
    assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertLimited(intake.file(secondToken, "Address spent"), PER_ADDRESS);
    assertThat(intake.requestsOf(admin, second)).isEqualTo(1);
  }
}
