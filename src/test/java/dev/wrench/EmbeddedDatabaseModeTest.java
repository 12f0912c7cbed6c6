package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.MainVerticle;
import dev.wrench.http.HttpVerticle;
import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WorkOrders;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

  /** Logs in as the first admin, files a work order and answers the work-order list. */
  private String fileAWorkOrderAsFirstAdmin(Vertx vertx) throws Exception {
    int port = (Integer) vertx.sharedData().getLocalMap(HttpVerticle.RUNTIME_MAP).get("http.port");
    Http http = Http.on(vertx, port);
    String password = Files.readString(dataDir.resolve("admin-password")).trim();
    String token = Tokens.login(http, "first@wrench.test", password);
    WorkOrders.create(http, token, "survives restarts");
    return http.get(WorkOrders.PATH).token(token).send().body().toString();
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
      assertThat(fileAWorkOrderAsFirstAdmin(first))
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
      String list = fileAWorkOrderAsFirstAdmin(second);
      assertThat(list).contains("WO-000001").contains("WO-000002");
    } finally {
      Http.await(second.close());
    }
  }
}
