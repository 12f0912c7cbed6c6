package dev.wrench.api;

import dev.wrench.api.MatrixContract.Operation;
import dev.wrench.api.MatrixRequests.Prepared;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.impl.Utils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture of the permission-matrix tests, which check the contract itself: every operation of
 * {@code openapi/wrench.yaml} whose {@code x-roles} is not {@code [public]} is called by every role
 * and without a token. A new operation is covered as soon as it is in the document. One running
 * Wrench (on a database of its own) per test class, with a user of each role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PermissionMatrixFixture {

  static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");

  /**
   * Not a tenant role but a grant the bootstrap admin holds besides its tenant's admin role: tried
   * on the operations that list it (elsewhere it is that admin).
   */
  static final String PLATFORM_ADMIN = "platform_admin";

  WrenchServer server;
  Http http;
  MatrixContract contract;
  MatrixRequests requests;
  String admin;
  final Map<String, String> tokens = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    contract =
        new MatrixContract(Http.await(Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml")));
    admin = server.adminToken();
    WrenchServer.User requester = server.createUser("requester");
    WrenchServer.Technician technician = server.createTechnicianUser();
    requests = new MatrixRequests(http, contract, admin, requester, technician);
    // A tenant admin who is not a platform admin, and the bootstrap admin who is both.
    tokens.put("admin", server.createUser("admin").token());
    tokens.put(PLATFORM_ADMIN, admin);
    tokens.put("manager", server.createUser("manager").token());
    tokens.put("technician", technician.user().token());
    tokens.put("requester", requester.token());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  List<Operation> operations() {
    return contract.operations();
  }

  List<Operation> protectedOperations() {
    return contract.protectedOperations();
  }

  JsonObject resolve(JsonObject node) {
    return contract.resolve(node);
  }

  OutputUnit validate(JsonObject schema, Object value) {
    return contract.validate(schema, value);
  }

  static List<String> errors(OutputUnit result) {
    return MatrixContract.errors(result);
  }

  Prepared prepare(Operation op, boolean withResources) {
    return requests.prepare(op, withResources);
  }

  Http.Response send(Operation op, Prepared request, String token) {
    return requests.send(op, request, token);
  }
}
