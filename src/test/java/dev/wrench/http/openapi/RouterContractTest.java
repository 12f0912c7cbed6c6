package dev.wrench.http.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router's copy of the contract leaves out the schemes that only say how to get a token. */
class RouterContractTest {

  private static Vertx vertx;
  private static JsonObject document;

  @BeforeAll
  static void readTheContract() throws Exception {
    vertx = Vertx.vertx();
    document =
        RouterContract.parse(vertx, "openapi/wrench.yaml")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theDocumentOffersOAuthLogInBesideTheBearerScheme() {
    assertThat(document.getJsonArray("security"))
        .containsExactly(
            new JsonObject().put("bearerAuth", new JsonArray()),
            new JsonObject().put("oauth2", new JsonArray()));
    JsonObject flows =
        document
            .getJsonObject("components")
            .getJsonObject("securitySchemes")
            .getJsonObject("oauth2")
            .getJsonObject("flows");
    assertThat(flows.fieldNames()).containsExactlyInAnyOrder("password", "clientCredentials");
    assertThat(flows.getJsonObject("password").getString("tokenUrl")).isEqualTo("/oauth/token");
    assertThat(flows.getJsonObject("clientCredentials").getString("tokenUrl"))
        .isEqualTo("/oauth/token");
  }

  @Test
  void theRouterCopyKeepsOnlyTheBearerScheme() {
    JsonObject routerCopy = RouterContract.forRouter(document.copy(), new HashSet<>());

    assertThat(routerCopy.getJsonObject("components").getJsonObject("securitySchemes").fieldNames())
        .containsExactly("bearerAuth");
    assertThat(routerCopy.getJsonArray("security"))
        .containsExactly(new JsonObject().put("bearerAuth", new JsonArray()));
    assertThat(
            routerCopy
                .getJsonObject("paths")
                .getJsonObject("/oauth/token")
                .getJsonObject("post")
                .getJsonArray("security"))
        .as("a public operation stays public")
        .isEmpty();
  }

  @Test
  void oauthIsTakenOutOfOperationRequirementsAndNoneIsLeftEmptyByIt() {
    JsonObject operation =
        new JsonObject()
            .put(
                "security",
                new JsonArray()
                    .add(new JsonObject().put("oauth2", new JsonArray().add("read")))
                    .add(new JsonObject())
                    .add(
                        new JsonObject()
                            .put("bearerAuth", new JsonArray())
                            .put("oauth2", new JsonArray())));
    JsonObject raw =
        new JsonObject()
            .put(
                "components",
                new JsonObject()
                    .put(
                        "securitySchemes",
                        new JsonObject()
                            .put("bearerAuth", new JsonObject().put("type", "http"))
                            .put("oauth2", new JsonObject().put("type", "oauth2"))))
            .put("paths", new JsonObject().put("/x", new JsonObject().put("get", operation)));

    RouterContract.withoutTokenIssuingSchemes(raw);

    assertThat(operation.getJsonArray("security"))
        .containsExactly(new JsonObject(), new JsonObject().put("bearerAuth", new JsonArray()));
  }
}
