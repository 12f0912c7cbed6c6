package dev.wrench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server faults the fuzzer found, one focused regression each, over a raw socket where a
 * well-behaved client could not send the request.
 */
class MalformedRequestTest {

  private static WrenchServer server;
  private static RawHttp raw;
  private static String token;

  @BeforeAll
  static void start() {
    server = WrenchServer.start();
    raw = new RawHttp(server.http().port(), 10_000);
    token = server.adminToken();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Answer send(String method, String target, String headers, byte[] body) {
    String head =
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + headers
            + (body == null ? "" : "Content-Length: " + body.length + "\r\n");
    return raw.send(head.getBytes(StandardCharsets.UTF_8), body);
  }

  private static String auth() {
    return "Authorization: Bearer " + token + "\r\n";
  }

  private static RawHttp.Answer postJson(String path, String json) {
    return send(
        "POST",
        path,
        auth() + "Content-Type: application/json\r\n",
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject problem(RawHttp.Answer answer, int status) {
    assertThat(answer.hung()).as("answered").isFalse();
    assertThat(answer.status()).as(answer.bodyText()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    JsonObject body = new JsonObject(answer.bodyText());
    assertThat(body.getInteger("status")).isEqualTo(status);
    return body;
  }

  private static JsonObject oauthError(RawHttp.Answer answer) {
    assertThat(answer.hung()).as("answered").isFalse();
    assertThat(answer.status()).as(answer.bodyText()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    JsonObject body = new JsonObject(answer.bodyText());
    assertThat(body.getString("error")).isEqualTo("invalid_request");
    return body;
  }

  @Test
  void malformedPercentEscapeInQueryIsA400ProblemOnEveryRoute() {
    for (String target :
        new String[] {"/api/v1/work-orders?q=%zz", "/health/live?q=%", "/docs?a=%zz"}) {
      JsonObject body = problem(send("GET", target, auth(), null), 400);
      assertThat(body.getString("detail")).contains("percent escape");
    }
  }

  @Test
  void malformedEscapeInTheTokenEndpointsQueryOrFormIsAnOAuthErrorNotAHang() {
    byte[] form = "grant_type=password&username=a&password=b".getBytes(StandardCharsets.UTF_8);
    oauthError(
        send(
            "POST",
            "/oauth/token?%zz",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            form));
    oauthError(
        send(
            "POST",
            "/oauth/token",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "grant_type=%zz".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unknownQueryParameterOnTheTokenEndpointIsAnOAuthError() {
    byte[] form = "grant_type=password&username=a&password=b".getBytes(StandardCharsets.UTF_8);
    oauthError(
        send(
            "POST",
            "/oauth/token?foo=1",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            form));
    // The revocation endpoint too (RFC 7009 answers errors as RFC 6749 does).
    oauthError(
        send(
            "POST",
            "/oauth/revoke?sort=nope",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "token=abc".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void badEscapeInThePathIsA400Problem() {
    problem(send("GET", "/api/v1/work-orders/%zz", auth(), null), 400);
    problem(send("DELETE", "/api/v1/assets/%", auth(), null), 400);
  }

  @Test
  void nulOrOverlongNulInAJsonTextFieldIsA400NamingTheField() {
    JsonObject escaped = problem(postJson("/api/v1/assets", "{\"name\":\"a\\u0000b\"}"), 400);
    assertThat(escaped.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/name");
    byte[] overlong = {
      '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xC0, (byte) 0x80, '"', '}'
    };
    problem(
        send("POST", "/api/v1/assets", auth() + "Content-Type: application/json\r\n", overlong),
        400);
  }

  @Test
  void loneSurrogateNextToNonAsciiIsA400() {
    JsonObject body =
        problem(postJson("/api/v1/work-orders", "{\"title\":\"\\u00e9\\ud800\"}"), 400);
    assertThat(body.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/title");
  }

  @Test
  void nulInsideACursorIsA400() {
    String cursor =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "[\"name\",\"a\\u0000\",\"00000000-0000-0000-0000-000000000001\"]"
                    .getBytes(StandardCharsets.UTF_8));
    problem(send("GET", "/api/v1/assets?sort=name&cursor=" + cursor, auth(), null), 400);
  }

  @Test
  void nulInTheTokenUsernameIsAnOAuthError() {
    oauthError(
        send(
            "POST",
            "/oauth/token",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "grant_type=password&username=a%00b&password=x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unknownFieldNamedNulIsA400NotAFailureHandlerCrash() {
    problem(postJson("/api/v1/assets", "{\"name\":\"a\",\"\\u0000\":1}"), 400);
    JsonObject percent = problem(postJson("/api/v1/assets", "{\"name\":\"a\",\"%zz\":1}"), 400);
    assertThat(percent.getJsonArray("errors").encode()).contains("%zz");
  }

  @Test
  void oversizedRequestLineAndHeadersAreProblems() {
    JsonObject uri =
        problem(send("GET", "/api/v1/assets?q=" + "a".repeat(9_000), auth(), null), 414);
    assertThat(uri.getString("type")).isEqualTo("/problems/uri-too-long");
    JsonObject headers =
        problem(
            send("GET", "/api/v1/assets", auth() + "X-Big: " + "b".repeat(20_000) + "\r\n", null),
            431);
    assertThat(headers.getString("type")).isEqualTo("/problems/header-fields-too-large");
  }

  @Test
  void malformedHeaderIsA400Problem() {
    problem(send("GET", "/api/v1/assets", auth() + "Bad Header: x\r\n", null), 400);
    problem(send("GET", "/api/v1/assets", auth() + "X-\u00e9: 1\r\n", null), 400);
  }

  @Test
  void dueAtWhoseUtcYearLeavesFourDigitsIsRefused() {
    for (String due : new String[] {"9999-12-31T23:59:59-14:00", "0000-01-01T00:00:00+14:00"}) {
      JsonObject body =
          problem(
              postJson("/api/v1/work-orders", "{\"title\":\"t\",\"due_at\":\"" + due + "\"}"), 400);
      assertThat(body.getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("/due_at");
    }
    Http.Response accepted =
        server
            .http()
            .post("/api/v1/work-orders")
            .token(token)
            .json(new JsonObject().put("title", "far").put("due_at", "9998-12-31T23:59:59Z"))
            .send();
    assertThat(accepted.status()).isEqualTo(201);
    assertThat(accepted.json().getString("due_at")).isEqualTo("9998-12-31T23:59:59Z");
  }

  @Test
  void emptyEmailIsA400NotASchemaLibraryCrash() {
    JsonObject body =
        problem(postJson("/api/v1/technicians", "{\"name\":\"Ana\",\"email\":\"\"}"), 400);
    assertThat(body.getString("detail")).contains("invalid");
    problem(
        postJson(
            "/api/v1/users",
            "{\"email\":\"\",\"name\":\"A\",\"role\":\"technician\",\"password\":\"long-enough-pass\"}"),
        400);
  }

  @Test
  void jsonBodyWithTrailingContentIsRefused() {
    JsonObject body = problem(postJson("/api/v1/assets", "{\"name\":\"x\"} trailing"), 400);
    assertThat(body.getString("detail")).contains("not well-formed JSON");
    problem(postJson("/api/v1/assets", "{\"name\":\"x\"}{\"name\":\"y\"}"), 400);
  }
}
