package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * One access-log line per request, with the request id, trace id, tenant and user in its MDC; and
 * no password, token or Authorization header in any log line, whatever the request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger access = (Logger) LoggerFactory.getLogger("wrench.access");
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private Level accessLevel;
  private WrenchServer server;
  private Http http;

  @BeforeAll
  void start() {
    captured.start();
    accessLevel = access.getLevel();
    access.setLevel(Level.INFO);
    // Every logger's lines reach the root's appenders in the test configuration.
    access.setAdditive(true);
    root.addAppender(captured);
    // Requesters get two requests a minute: enough to see a 429.
    server =
        WrenchServer.start(
            new io.vertx.core.json.JsonObject()
                .put(
                    "rate_limit",
                    new io.vertx.core.json.JsonObject()
                        .put("roles", new io.vertx.core.json.JsonObject().put("requester", 2))));
    http = server.http();
  }

  @AfterAll
  void stop() {
    root.detachAppender(captured);
    access.setLevel(accessLevel);
    if (server != null) {
      server.close();
    }
  }

  private List<ILoggingEvent> accessLines(String requestId) {
    return captured.list.stream()
        .filter(e -> e.getLoggerName().equals("wrench.access"))
        .filter(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
        .toList();
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    return event.getKeyValuePairs().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
  }

  @Test
  void eachRequestHasOneAccessLineWithWhoAndWhat() {
    String token = server.adminToken();
    String requestId = "log-" + UUID.randomUUID();
    Http.Response listed =
        http.get("/api/v1/work-orders?limit=1")
            .token(token)
            .header("X-Request-Id", requestId)
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .send();
    assertThat(listed.status()).isEqualTo(200);

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !accessLines(requestId).isEmpty());
    List<ILoggingEvent> lines = accessLines(requestId);
    assertThat(lines).hasSize(1);
    ILoggingEvent line = lines.get(0);
    Map<String, String> mdc = line.getMDCPropertyMap();
    assertThat(mdc).containsEntry("trace_id", TRACE_ID).containsKeys("org_id", "user_id");
    assertThat(fields(line))
        .containsEntry("method", "GET")
        .containsEntry("route", "/api/v1/work-orders")
        .containsEntry("status", 200)
        .containsEntry("completed", true);
    assertThat(line.getFormattedMessage()).startsWith("GET /api/v1/work-orders 200 ");

    String unknown = "log-" + UUID.randomUUID();
    http.get("/api/v1/work-orders/" + UUID.randomUUID())
        .token(token)
        .header("X-Request-Id", unknown)
        .send();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !accessLines(unknown).isEmpty());
    assertThat(fields(accessLines(unknown).get(0)))
        .containsEntry("status", 404)
        .containsEntry("route", "/api/v1/work-orders/:id");
  }

  @Test
  void noSecretReachesTheLogs() {
    String marker = "log-secret-" + UUID.randomUUID();
    String token = server.adminToken();
    // A wrong password, a good one, a token in the header, a token and password in the query.
    http.post(Tokens.PATH)
        .header("X-Request-Id", marker)
        .raw(
            Tokens.FORM,
            "grant_type=password&username=admin%40wrench.test&password=wrong-Secret-123")
        .send();
    http.get(
            "/api/v1/work-orders?access_token="
                + token
                + "&password="
                + WrenchServer.ADMIN_PASSWORD)
        .token(token)
        .header("X-Request-Id", marker)
        .send();
    http.get("/api/v1/users").header("Authorization", "Bearer " + token + "x").send();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> accessLines(marker).size() == 2);

    for (ILoggingEvent event : List.copyOf(captured.list)) {
      String everything =
          String.join(
              " ",
              Objects.toString(event.getFormattedMessage()),
              event.getMDCPropertyMap().toString(),
              Objects.toString(event.getKeyValuePairs()),
              event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertThat(everything)
          .as("log line %s", event.getFormattedMessage())
          .doesNotContain(token)
          .doesNotContain(token.substring(0, 40))
          .doesNotContain(WrenchServer.ADMIN_PASSWORD)
          .doesNotContain("wrong-Secret-123")
          .doesNotContain("Bearer");
    }
  }

  @Test
  void aRefusedRequestNamesThePrincipalThatSpentTheBudget() {
    WrenchServer.User requester = server.createUser("requester");
    String refusedId = null;
    for (int i = 0; i < 4 && refusedId == null; i++) {
      String requestId = "log-429-" + UUID.randomUUID();
      int status =
          http.get("/api/v1/work-orders")
              .token(requester.token())
              .header("X-Request-Id", requestId)
              .send()
              .status();
      if (status == 429) {
        refusedId = requestId;
      }
    }
    assertThat(refusedId).as("a 429 within 4 requests").isNotNull();
    String refused = refusedId;
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !accessLines(refused).isEmpty());
    ILoggingEvent line = accessLines(refused).get(0);
    assertThat(fields(line)).containsEntry("status", 429);
    assertThat(line.getMDCPropertyMap())
        .containsEntry("user_id", requester.id())
        .containsKey("org_id");
  }
}
