package dev.wrench.postman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The committed collection, sent to a running Wrench as Postman would send it: its variables filled
 * in, "Log in" first (its script's effect, keeping {@code access_token}, done here), then every
 * request that needs no path variable with the collection's bearer auth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostmanCollectionReplayTest {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^}]+)}}");

  private WrenchServer server;
  private JsonObject collection;
  private final Map<String, String> variables = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    collection =
        new JsonObject(Files.readString(PostmanCollectionTest.FILE, StandardCharsets.UTF_8));
    server = WrenchServer.start();
    for (Object v : collection.getJsonArray("variable")) {
      JsonObject variable = (JsonObject) v;
      variables.put(variable.getString("key"), variable.getString("value"));
    }
    variables.put("baseUrl", "");
    variables.put("username", WrenchServer.ADMIN_EMAIL);
    variables.put("password", WrenchServer.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void logInThenEveryRequestWithoutPathVariablesIsAnsweredForTheAdmin() {
    JsonObject logIn = collection.getJsonArray("item").getJsonObject(0);
    Http.Response token = send(logIn.getJsonObject("request"));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    variables.put(PostmanCollection.TOKEN_VARIABLE, token.json().getString("access_token"));

    JsonArray items = collection.getJsonArray("item");
    int sent = 0;
    for (int i = 1; i < items.size(); i++) {
      JsonArray folder = items.getJsonObject(i).getJsonArray("item");
      for (int j = 0; j < folder.size(); j++) {
        JsonObject request = folder.getJsonObject(j).getJsonObject("request");
        if (!request.getString("method").equals("GET")
            || request.getJsonObject("url").containsKey("variable")) {
          continue;
        }
        Http.Response response = send(request);
        assertThat(response.status())
            .as("%s -> %s", request.getJsonObject("url").getString("raw"), response)
            .isBetween(200, 299);
        sent++;
      }
    }
    assertThat(sent).as("requests replayed").isGreaterThan(10);
  }

  private Http.Response send(JsonObject request) {
    JsonObject url = request.getJsonObject("url");
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (Object q : url.getJsonArray("query", new JsonArray())) {
      JsonObject entry = (JsonObject) q;
      if (!entry.getBoolean("disabled", false)) {
        query.add(
            URLEncoder.encode(entry.getString("key"), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(fill(entry.getString("value")), StandardCharsets.UTF_8));
      }
    }
    Http.Call call =
        server
            .http()
            .call(
                HttpMethod.valueOf(request.getString("method")),
                fill(url.getString("raw")) + query);
    for (Object h : request.getJsonArray("header", new JsonArray())) {
      JsonObject header = (JsonObject) h;
      if (!header.getBoolean("disabled", false)) {
        call.header(header.getString("key"), fill(header.getString("value")));
      }
    }
    JsonObject auth = request.getJsonObject("auth", collection.getJsonObject("auth"));
    if (auth.getString("type").equals("bearer")) {
      call.token(fill(auth.getJsonArray("bearer").getJsonObject(0).getString("value")));
    }
    JsonObject body = request.getJsonObject("body");
    if (body != null && body.getString("mode").equals("urlencoded")) {
      StringJoiner form = new StringJoiner("&");
      for (Object f : body.getJsonArray("urlencoded")) {
        JsonObject field = (JsonObject) f;
        form.add(
            URLEncoder.encode(field.getString("key"), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(fill(field.getString("value")), StandardCharsets.UTF_8));
      }
      call.raw("application/x-www-form-urlencoded", form.toString());
    }
    return call.send();
  }

  private String fill(String text) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          filled, Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), "")));
    }
    return matcher.appendTail(filled).toString();
  }
}
