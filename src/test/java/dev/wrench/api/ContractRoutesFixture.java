package dev.wrench.api;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture of the tests that the contract and the router agree: a running Wrench (on a database
 * of its own per test class), an admin token, and the operations of {@code openapi/wrench.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContractRoutesFixture {

  private static final List<String> HTTP_METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** The router's own answer when no route matches the path (HttpVerticle's 404 error handler). */
  static final String NO_ROUTE_DETAIL = "no such resource";

  WrenchServer server;
  Http http;
  String admin;
  JsonObject contract;
  final List<Operation> operations = new ArrayList<>();

  record Operation(String method, String path, String operationId) {
    String concretePath() {
      return path.replaceAll("\\{[^/}]+}", UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + operationId + ")";
    }
  }

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    // The raw document: OpenAPIContract.from would refuse its media types (problem+json, ...).
    contract =
        Http.await(
            io.vertx.openapi.impl.Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml"));
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String key : item.fieldNames()) {
        if (HTTP_METHODS.contains(key)) {
          operations.add(
              new Operation(
                  key.toUpperCase(Locale.ROOT),
                  path,
                  item.getJsonObject(key).getString("operationId")));
        }
      }
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  Set<String> documentedMethods(String path) {
    return operations.stream()
        .filter(o -> o.path().equals(path))
        .map(Operation::method)
        .collect(Collectors.toSet());
  }

  Set<String> documentedPaths() {
    return operations.stream()
        .map(Operation::path)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  static String concrete(String path) {
    return path.replaceAll("\\{[^/}]+}", UUID.randomUUID().toString());
  }
}
