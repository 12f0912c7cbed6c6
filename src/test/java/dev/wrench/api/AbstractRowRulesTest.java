package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The row rules on top of the role matrix: a requester sees only the work orders they requested
 * (the others do not exist for them), a technician changes only the status of work orders assigned
 * to them and comments only on those, and only managers and admins reopen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRowRulesTest {

  static final String WORK_ORDERS = "/api/v1/work-orders";

  WrenchServer server;
  Http http;
  String admin;
  String manager;
  WrenchServer.User alice;
  WrenchServer.User bob;
  WrenchServer.Technician tina;
  WrenchServer.Technician tom;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    manager = server.createUser("manager").token();
    alice = server.createUser("requester");
    bob = server.createUser("requester");
    tina = server.createTechnicianUser();
    tom = server.createTechnicianUser();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The body of a work order filed on behalf of {@code requester}, optionally assigned. */
  static JsonObject onBehalfOf(
      WrenchServer.User requester, WrenchServer.Technician assignee, String title) {
    JsonObject body = new JsonObject().put("title", title).put("requester_id", requester.id());
    if (assignee != null) {
      body.put("assignee_id", assignee.technicianId());
    }
    return body;
  }

  /** The body of a work order assigned to {@code assignee}. */
  static JsonObject assignedTo(WrenchServer.Technician assignee, String title) {
    return new JsonObject().put("title", title).put("assignee_id", assignee.technicianId());
  }

  Http.Response patch(String token, JsonObject workOrder, JsonObject changes) {
    return http.patch(WORK_ORDERS + "/" + workOrder.getString("id"))
        .token(token)
        .header("If-Match", "\"" + workOrder.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  JsonObject patchOk(String token, JsonObject workOrder, JsonObject changes) {
    Http.Response response = patch(token, workOrder, changes);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  JsonObject current(JsonObject workOrder) {
    return http.get(WORK_ORDERS + "/" + workOrder.getString("id")).token(admin).send().json();
  }

  Http.Response comment(String token, JsonObject workOrder, String body) {
    return http.post(WORK_ORDERS + "/" + workOrder.getString("id") + "/comments")
        .token(token)
        .json(new JsonObject().put("body", body))
        .send();
  }
}
