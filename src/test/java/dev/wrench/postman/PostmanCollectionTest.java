package dev.wrench.postman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.openapi.RouterContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code clients/postman/wrench.postman_collection.json} is what {@link PostmanCollection} makes of
 * the contract. After changing the contract, write it again with {@code mvn test
 * -Dtest=PostmanCollectionTest -Dwrench.postman.write=true}.
 */
class PostmanCollectionTest {

  static final Path FILE = Path.of("clients", "postman", "wrench.postman_collection.json");

  private static Vertx vertx;
  private static JsonObject contract;
  private static JsonObject collection;

  @BeforeAll
  static void generate() throws Exception {
    vertx = Vertx.vertx();
    contract =
        RouterContract.parse(vertx, "openapi/wrench.yaml")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    collection = new PostmanCollection(contract).build();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theCommittedCollectionIsWhatTheContractMakes() throws Exception {
    String rendered = new PostmanCollection(contract).render();
    if (Boolean.getBoolean("wrench.postman.write")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
        .as(
            "%s is out of date with openapi/wrench.yaml: run mvn test -Dtest=PostmanCollectionTest"
                + " -Dwrench.postman.write=true",
            FILE)
        .isEqualTo(rendered);
  }

  @Test
  void theFirstRequestLogsInAndKeepsTheTokenThatTheOthersSend() {
    assertThat(collection.getJsonObject("info").getString("schema"))
        .isEqualTo(PostmanCollection.SCHEMA);
    JsonObject logIn = collection.getJsonArray("item").getJsonObject(0);
    assertThat(logIn.getString("name")).isEqualTo(PostmanCollection.LOG_IN);
    JsonObject request = logIn.getJsonObject("request");
    assertThat(request.getString("method")).isEqualTo("POST");
    assertThat(request.getJsonObject("url").getString("raw")).isEqualTo("{{baseUrl}}/oauth/token");
    assertThat(request.getJsonObject("auth").getString("type")).isEqualTo("noauth");
    assertThat(request.getJsonObject("body").getString("mode")).isEqualTo("urlencoded");
    assertThat(request.getJsonObject("body").getJsonArray("urlencoded").getJsonObject(0))
        .isEqualTo(
            new JsonObject().put("key", "grant_type").put("value", "password").put("type", "text"));
    assertThat(
            logIn
                .getJsonArray("event")
                .getJsonObject(0)
                .getJsonObject("script")
                .getJsonArray("exec")
                .encode())
        .contains("pm.collectionVariables.set('access_token', answer.access_token)");
    assertThat(collection.getJsonObject("auth").encode())
        .contains("\"type\":\"bearer\"")
        .contains("{{access_token}}");
  }

  @Test
  void everyOperationIsOneRequestAndOnlyPublicOnesSendNoToken() {
    List<String> expected = new ArrayList<>();
    List<String> publicOnes = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation
            && operation.containsKey("operationId")) {
          String key =
              method.toUpperCase() + " {{baseUrl}}" + path.replaceAll("\\{([^}]+)}", ":$1");
          expected.add(key);
          JsonArray security = operation.getJsonArray("security");
          if (security != null && security.isEmpty()) {
            publicOnes.add(key);
          }
        }
      }
    }
    List<String> requests = new ArrayList<>();
    List<String> noAuth = new ArrayList<>();
    JsonArray items = collection.getJsonArray("item");
    for (int i = 1; i < items.size(); i++) {
      JsonArray folder = items.getJsonObject(i).getJsonArray("item");
      for (int j = 0; j < folder.size(); j++) {
        JsonObject request = folder.getJsonObject(j).getJsonObject("request");
        String key =
            request.getString("method") + " " + request.getJsonObject("url").getString("raw");
        requests.add(key);
        if (request.containsKey("auth")) {
          noAuth.add(key);
        }
      }
    }
    assertThat(requests).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(noAuth).containsExactlyInAnyOrderElementsOf(publicOnes);
  }

  @Test
  void bodiesAreTheContractsFirstExamplesInTheirMediaType() {
    JsonObject createWorkOrder = find("POST", "{{baseUrl}}/api/v1/work-orders");
    assertThat(createWorkOrder.getJsonObject("body").getString("mode")).isEqualTo("raw");
    assertThat(new JsonObject(createWorkOrder.getJsonObject("body").getString("raw")))
        .isEqualTo(
            firstExample(
                contract
                    .getJsonObject("paths")
                    .getJsonObject("/api/v1/work-orders")
                    .getJsonObject("post")
                    .getJsonObject("requestBody")
                    .getJsonObject("content")
                    .getJsonObject("application/json")));
    JsonObject token = find("POST", "{{baseUrl}}/oauth/token");
    assertThat(token.getJsonObject("body").getString("mode")).isEqualTo("urlencoded");
    assertThat(token.getJsonArray("header").encode())
        .as("Postman writes the Content-Type of form bodies itself")
        .doesNotContain("Content-Type");
    assertThat(find("PATCH", "{{baseUrl}}/api/v1/work-orders/:id").getJsonArray("header").encode())
        .contains("application/merge-patch+json");
  }

  private static JsonObject firstExample(JsonObject mediaType) {
    JsonObject examples = mediaType.getJsonObject("examples");
    return examples.getJsonObject(examples.fieldNames().iterator().next()).getJsonObject("value");
  }

  private static JsonObject find(String method, String rawUrl) {
    JsonArray items = collection.getJsonArray("item");
    for (int i = 1; i < items.size(); i++) {
      JsonArray folder = items.getJsonObject(i).getJsonArray("item");
      for (int j = 0; j < folder.size(); j++) {
        JsonObject request = folder.getJsonObject(j).getJsonObject("request");
        if (request.getString("method").equals(method)
            && request.getJsonObject("url").getString("raw").equals(rawUrl)) {
          return request;
        }
      }
    }
    throw new AssertionError("no request " + method + " " + rawUrl);
  }
}
