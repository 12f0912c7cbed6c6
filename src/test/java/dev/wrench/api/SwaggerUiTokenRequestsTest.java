package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /oauth/token} answers the requests that Swagger UI's "Authorize" dialog (5.32, on
 * {@code /docs}) sends for the contract's {@code oauth2} flows, byte for byte as it builds them:
 * its own headers, empty parameters left out, and the client in {@code Authorization: Basic} as
 * {@code btoa(client_id + ":" + client_secret)}, not form-encoded (so {@code Basic Og==} when the
 * dialog's client fields are empty, as they are for a person logging in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiTokenRequestsTest {

  private WrenchServer server;
  private Http http;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Http.Response asSwaggerUi(String basicCredentials, String form) {
    return http.post(Tokens.PATH)
        .header("Accept", "application/json, text/plain, */*")
        .header("X-Requested-With", "XMLHttpRequest")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)))
        .raw(Tokens.FORM, form)
        .send();
  }

  @Test
  void thePasswordFlowWithTheDialogsEmptyClientGetsATokenThatCallsTheApi() {
    Http.Response response =
        asSwaggerUi(
            ":",
            "grant_type=password&username="
                + Tokens.enc(WrenchServer.ADMIN_EMAIL)
                + "&password="
                + Tokens.enc(WrenchServer.ADMIN_PASSWORD));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonObject token = response.json();
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(token.getString("scope")).isEqualTo("api");
    Http.Response list =
        http.get("/api/v1/work-orders").token(token.getString("access_token")).send();
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
  }

  @Test
  void thePasswordFlowWithAScopeTickedGetsAToken() {
    Http.Response response =
        asSwaggerUi(
            ":",
            "grant_type=password&scope=api&username="
                + Tokens.enc(WrenchServer.ADMIN_EMAIL)
                + "&password="
                + Tokens.enc(WrenchServer.ADMIN_PASSWORD));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  @Test
  void theClientCredentialsFlowWithTheClientInBasicGetsTheTickedScope() {
    WrenchServer.User manager = server.createUser("manager");
    Http.Response created =
        http.post("/api/v1/oauth-clients")
            .token(server.adminToken())
            .json(
                new JsonObject()
                    .put("name", "swagger-ui")
                    .put("user_id", manager.id())
                    .put("scopes", new JsonArray().add("api").add("read")))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject client = created.json();

    Http.Response response =
        asSwaggerUi(
            client.getString("client_id") + ":" + client.getString("client_secret"),
            "grant_type=client_credentials&scope=read");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().getString("scope")).isEqualTo("read");
  }
}
