package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.api.MatrixContract.Operation;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.impl.Utils;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} stays small once every route has been served: histograms only where a
 * quantile is taken, with a few fixed buckets (it weighed 1.6 MB after 40 requests with percentile
 * histograms on every timer and byte count).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsSizeTest {

  private static final Pattern LE =
      Pattern.compile(
          "^vertx_http_server_response_time_seconds_bucket\\{.*le=\"([^\"]+)\"", Pattern.MULTILINE);

  private WrenchServer server;
  private String scrape;
  private int requests;

  @BeforeAll
  void serveEveryRoute() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "rate_limit",
                    new JsonObject()
                        .put("per_minute", 100_000)
                        .put("anonymous_per_minute", 100_000)));
    Http http = server.http();
    String admin = server.adminToken();
    MatrixContract contract =
        new MatrixContract(Http.await(Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml")));
    MatrixRequests requests =
        new MatrixRequests(
            http, contract, admin, server.createUser("requester"), server.createTechnicianUser());
    // Each operation three ways: as the admin with real resources, with unknown ids, and without
    // a token: many routes with several status codes each. (The token endpoints take a form, not
    // JSON: the matrix requests cannot build them.)
    for (Operation op : contract.operations()) {
      if (Set.of("issueToken", "revokeToken").contains(op.operationId())) {
        continue;
      }
      requests.send(op, requests.prepare(op, true), server.adminToken());
      requests.send(op, requests.prepare(op, false), server.adminToken());
      requests.send(op, requests.prepare(op, false), null);
      this.requests += 3;
    }
    scrape = http.get("/metrics").send().body().toString();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * The scrape grows with the routes (each has its own series per status), so the bound is per
   * operation served: 2.5 KB each (about 1.9 KB each with 89 operations, 173 KB in all; percentile
   * histograms on every timer made it 1.6 MB after 40 requests).
   */
  @Test
  void metricsStayUnderTwoAndAHalfKilobytesPerOperationAfterEveryRouteWasServed() {
    assertThat(requests).isGreaterThan(150);
    assertThat(scrape).contains("vertx_http_server_requests_total");
    int bytes = scrape.getBytes(StandardCharsets.UTF_8).length;
    int operations = requests / 3;
    assertThat(bytes)
        .as("size of /metrics after %d requests to %d operations", requests, operations)
        .isLessThan(operations * 5 * 1024 / 2);
  }

  @Test
  void requestDurationKeepsAFewFixedBuckets() {
    Set<String> bounds = new TreeSet<>();
    Matcher m = LE.matcher(scrape);
    while (m.find()) {
      bounds.add(m.group(1));
    }
    assertThat(bounds).containsExactlyInAnyOrder("0.025", "0.05", "0.1", "0.25", "1.0", "+Inf");
  }

  @Test
  void byteCountsAndPoolTimesKeepNoPercentileHistogram() {
    assertThat(scrape)
        .doesNotContain("vertx_http_server_response_bytes_bucket")
        .doesNotContain("vertx_http_server_request_bytes_bucket")
        .doesNotContain("vertx_pool_usage_seconds_bucket")
        .contains("vertx_pool_usage_seconds_count");
  }
}
