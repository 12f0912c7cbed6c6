package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Prometheus;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics}: the Prometheus text format, HTTP requests by route template (never by raw
 * path), and the wrench_* meters moving with what the service does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {

  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put("database", new JsonObject().put("backlog_refresh_seconds", 1))
                .put(
                    "rate_limit",
                    new JsonObject()
                        .put("per_minute", 1_000)
                        .put("anonymous_per_minute", 1_000)
                        .put("roles", new JsonObject().put("requester", 2))));
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String scrape() {
    Http.Response response = http.get("/metrics").send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    return response.body().toString();
  }

  @Test
  void requestsAreCountedByRouteTemplateNotByRawPath() {
    JsonObject created =
        WorkOrders.create(
            http, admin, new JsonObject().put("title", "metered").put("priority", "critical"));
    String id = created.getString("id");
    http.get("/api/v1/work-orders/" + id).token(admin).send();

    String text = scrape();
    assertThat(text).contains("vertx_http_server_requests_total");
    assertThat(text).doesNotContain(id);
    assertThat(
            Prometheus.value(
                text,
                "vertx_http_server_requests_total",
                "route=\"/api/v1/work-orders/:id\"",
                "method=\"GET\"",
                "code=\"200\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(text).contains("vertx_http_server_response_time_seconds_bucket");
    assertThat(text).contains("jvm_memory_used_bytes").contains("vertx_eventbus_handlers");
  }

  @Test
  void businessMetersFollowWhatTheServiceDoes() {
    String before = scrape();
    double created =
        Prometheus.value(before, "wrench_work_orders_creations_total", "priority=\"high\"");
    double completed =
        Prometheus.value(before, "wrench_work_orders_completions_total", "priority=\"high\"");

    JsonObject wo =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "overdue and then done")
                .put("priority", "high")
                .put("due_at", "2020-01-01T00:00:00Z"));
    String path = "/api/v1/work-orders/" + wo.getString("id");
    // Read twice: the first misses the cache, the second hits it.
    http.get(path).token(admin).send();
    http.get(path).token(admin).send();

    Awaitility.await("backlog gauges recounted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Prometheus.value(scrape(), "wrench_work_orders_overdue") >= 1);
    String during = scrape();
    assertThat(Prometheus.value(during, "wrench_work_orders_open")).isGreaterThanOrEqualTo(1);
    assertThat(Prometheus.value(during, "wrench_work_orders_creations_total", "priority=\"high\""))
        .isEqualTo((Double.isNaN(created) ? 0 : created) + 1);
    assertThat(Prometheus.value(during, "wrench_cache_requests_total", "result=\"hit\""))
        .isGreaterThan(0);
    assertThat(Prometheus.value(during, "wrench_cache_requests_total", "result=\"miss\""))
        .isGreaterThan(0);

    for (String status : new String[] {"in_progress", "completed"}) {
      Http.Response moved =
          http.patch(path)
              .token(admin)
              .header("If-Match", http.get(path).token(admin).send().header("ETag"))
              .mergePatch(new JsonObject().put("status", status))
              .send();
      assertThat(moved.status()).isEqualTo(200);
    }
    String after = scrape();
    assertThat(Prometheus.value(after, "wrench_work_orders_completions_total", "priority=\"high\""))
        .isEqualTo((Double.isNaN(completed) ? 0 : completed) + 1);
    Awaitility.await("the completed work order leaves the overdue count")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Prometheus.value(scrape(), "wrench_work_orders_overdue") == 0);
  }

  @Test
  void rateLimitRefusalsAreCounted() {
    String token = server.createUser("requester").token();
    double before =
        Prometheus.value(scrape(), "wrench_rate_limit_refusals_total", "by=\"principal\"");
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      if (http.get("/api/v1/work-orders").token(token).send().status() == 429) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
    assertThat(Prometheus.value(scrape(), "wrench_rate_limit_refusals_total", "by=\"principal\""))
        .isEqualTo((Double.isNaN(before) ? 0 : before) + refused);
  }

  @Test
  void everyCircuitBreakerHasAGaugeWithoutRedisToo() {
    // No REDIS_URL here: the object store's breaker is still reported, and no Redis one.
    String text = scrape();
    assertThat(Prometheus.value(text, "wrench_circuit_breaker_state", "name=\"object-storage\""))
        .isZero();
    assertThat(text).doesNotContain("wrench_circuit_breaker_state{name=\"redis\"}");
  }

  @Test
  void theBuildIsNamedByVersionAndCommit() {
    String text = scrape();
    assertThat(text).containsPattern("wrench_build_info\\{commit=\"[0-9a-f]{7,40}\",version=\"");
    assertThat(Prometheus.value(text, "wrench_build_info")).isEqualTo(1);
  }
}
