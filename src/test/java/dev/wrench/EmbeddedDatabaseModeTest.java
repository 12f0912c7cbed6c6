package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.MainVerticle;
import dev.wrench.http.HttpVerticle;
import dev.wrench.support.Http;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no database URL, Wrench starts a real embedded PostgreSQL whose data survives a restart, and
 * makes the first admin with a generated password kept in a private file.
 */
class EmbeddedDatabaseModeTest {

  @TempDir Path dataDir;

  private JsonObject config() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1").put("instances", 1))
        .put(
            "database",
            new JsonObject()
                .put("url", "")
                .put("instances", 1)
                .put(
                    "embedded",
                    new JsonObject()
                        .put("data_dir", dataDir.resolve("postgres").toString())
                        .put("port", 0)))
        .put(
            "auth",
            new JsonObject()
                .put("key_dir", dataDir.resolve("keys").toString())
                .put("password_iterations", 1000))
        .put(
            "bootstrap",
            new JsonObject()
                .put("admin_email", "first@wrench.test")
                .put("password_file", dataDir.resolve("admin-password").toString()));
  }

  private String createWorkOrderAsFirstAdmin(Vertx vertx) throws Exception {
    int port = (Integer) vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
    WebClient client = WebClient.create(vertx);
    String password = Files.readString(dataDir.resolve("admin-password")).trim();
    var token =
        Http.await(
            client
                .post(port, "127.0.0.1", "/oauth/token")
                .sendForm(
                    io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                        .add("grant_type", "password")
                        .add("username", "first@wrench.test")
                        .add("password", password)));
    assertThat(token.statusCode()).isEqualTo(200);
    String bearer = "Bearer " + token.bodyAsJsonObject().getString("access_token");
    var created =
        Http.await(
            client
                .post(port, "127.0.0.1", "/api/v1/work-orders")
                .putHeader("Authorization", bearer)
                .sendJsonObject(new JsonObject().put("title", "survives restarts")));
    assertThat(created.statusCode()).isEqualTo(201);
    var list =
        Http.await(
            client
                .get(port, "127.0.0.1", "/api/v1/work-orders")
                .putHeader("Authorization", bearer)
                .send());
    return list.bodyAsString();
  }

  @Test
  void embeddedDatabaseStartsAndKeepsItsDataAcrossRestarts() throws Exception {
    Vertx first = Vertx.vertx();
    try {
      Http.await(
          first.deployVerticle(
              MainVerticle.class.getName(), new DeploymentOptions().setConfig(config())));
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-password")))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(createWorkOrderAsFirstAdmin(first))
          .contains("survives restarts")
          .contains("WO-000001");
    } finally {
      Http.await(first.close());
    }
    Vertx second = Vertx.vertx();
    try {
      Http.await(
          second.deployVerticle(
              MainVerticle.class.getName(), new DeploymentOptions().setConfig(config())));
      String list = createWorkOrderAsFirstAdmin(second);
      assertThat(list).contains("WO-000001").contains("WO-000002");
    } finally {
      Http.await(second.close());
    }
  }
}
