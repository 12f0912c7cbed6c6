package dev.wrench.http.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.Contract;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.Parameter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The parameter transformers' shortcut: string-typed values (UUIDs in paths, enums in queries) are
 * taken as they are instead of being tried as JSON first; numbers and booleans are still decoded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestValidationTest {

  private Vertx vertx;
  private final Map<String, Parameter> parameters = new HashMap<>();

  @BeforeAll
  void loadContract() throws Exception {
    vertx = Vertx.vertx();
    Contract contract = Contract.load(vertx).toCompletionStage().toCompletableFuture().get();
    contract
        .openApi()
        .operations()
        .forEach(
            operation ->
                operation
                    .getParameters()
                    .forEach(
                        p -> parameters.put(operation.getOperationId() + "/" + p.getName(), p)));
  }

  @AfterAll
  void close() {
    vertx.close();
  }

  @Test
  void stringParametersAreText() {
    assertThat(RequestValidation.textual(parameters.get("getWorkOrder/id"))).isTrue();
    assertThat(RequestValidation.textual(parameters.get("listWorkOrders/status"))).isTrue();
    assertThat(RequestValidation.textual(parameters.get("listWorkOrders/q"))).isTrue();
    assertThat(RequestValidation.textual(parameters.get("listWorkOrders/assignee_id"))).isTrue();
  }

  @Test
  void numbersAreNotText() {
    assertThat(RequestValidation.textual(parameters.get("listWorkOrders/limit"))).isFalse();
  }
}
