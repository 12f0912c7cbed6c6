package dev.wrench.api;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The real server with a database of its own for each test class, and an admin to call it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWorkOrderApiTest {

  WrenchServer server;
  Http http;
  String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  Http.Response patch(String token, JsonObject workOrder, JsonObject changes) {
    return http.patch("/api/v1/work-orders/" + workOrder.getString("id"))
        .token(token)
        .header("If-Match", "\"" + workOrder.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }
}
