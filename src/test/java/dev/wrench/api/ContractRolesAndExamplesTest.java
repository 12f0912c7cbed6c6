package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.wrench.api.MatrixContract.Operation;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract as the permission matrix needs it: every operation names its roles, and every
 * example of a request body (what the matrix sends) is valid against its schema.
 */
class ContractRolesAndExamplesTest extends PermissionMatrixFixture {

  @Test
  void theContractDeclaresRolesForEveryOperation() {
    List<Operation> operations = operations();
    assertThat(operations).hasSizeGreaterThan(20);
    assertThat(operations)
        .extracting(Operation::operationId)
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    for (Operation op : operations) {
      assertThat(op.roles()).as("x-roles of %s", op).isNotEmpty();
      if (op.isPublic()) {
        assertThat(op.roles()).as("x-roles of %s", op).containsExactly("public");
      } else {
        List<String> known = new ArrayList<>(ROLES);
        known.add(PLATFORM_ADMIN);
        assertThat(known).as("x-roles of %s", op).containsAll(op.roles());
        assertThat(op.path()).as("%s is under /api/v1", op).startsWith("/api/v1/");
      }
    }
    assertThat(protectedOperations()).hasSizeGreaterThan(15);
  }

  /**
   * The examples of request bodies are what the matrix sends (and what the docs page offers to "try
   * it out"), so each must be valid against its own schema.
   */
  @TestFactory
  Stream<DynamicNode> everyRequestBodyExampleIsValidAgainstItsSchema() {
    List<DynamicNode> checks = new ArrayList<>();
    for (Operation op : operations()) {
      JsonObject requestBody =
          op.definition().containsKey("requestBody")
              ? resolve(op.definition().getJsonObject("requestBody"))
              : new JsonObject();
      JsonObject content = requestBody.getJsonObject("content", new JsonObject());
      for (String type : content.fieldNames()) {
        JsonObject mediaType = content.getJsonObject(type);
        JsonObject examples = mediaType.getJsonObject("examples", new JsonObject());
        for (String name : examples.fieldNames()) {
          Object value = resolve(examples.getJsonObject(name)).getValue("value");
          checks.add(
              dynamicTest(
                  op.operationId() + " " + type + " example '" + name + "'",
                  () -> {
                    OutputUnit result = validate(mediaType.getJsonObject("schema"), value);
                    assertThat(result.getValid())
                        .as("example %s of %s is %s; errors: %s", name, op, value, errors(result))
                        .isTrue();
                  }));
        }
      }
    }
    return checks.stream();
  }

  /**
   * The examples of responses (success and problem answers, in the operations and in the shared
   * responses they point to) are what a reader of the docs takes as the truth: each must be valid
   * against its own schema.
   */
  @TestFactory
  Stream<DynamicNode> everyResponseExampleIsValidAgainstItsSchema() {
    List<DynamicNode> checks = new ArrayList<>();
    int problemExamples = 0;
    for (Operation op : operations()) {
      JsonObject responses = op.definition().getJsonObject("responses", new JsonObject());
      for (String status : responses.fieldNames()) {
        JsonObject content =
            resolve(responses.getJsonObject(status)).getJsonObject("content", new JsonObject());
        for (String type : content.fieldNames()) {
          JsonObject mediaType = content.getJsonObject(type);
          JsonObject examples = mediaType.getJsonObject("examples", new JsonObject()).copy();
          if (mediaType.containsKey("example")) {
            examples.put("example", new JsonObject().put("value", mediaType.getValue("example")));
          }
          if (type.equals("application/problem+json")) {
            problemExamples += examples.size();
          }
          for (String name : examples.fieldNames()) {
            Object value = resolve(examples.getJsonObject(name)).getValue("value");
            checks.add(
                dynamicTest(
                    op.operationId() + " " + status + " " + type + " example '" + name + "'",
                    () -> {
                      OutputUnit result = validate(mediaType.getJsonObject("schema"), value);
                      assertThat(result.getValid())
                          .as("example %s of %s %s: errors: %s", name, op, status, errors(result))
                          .isTrue();
                    }));
          }
        }
      }
    }
    assertThat(problemExamples).as("problem answers with examples").isGreaterThan(100);
    return checks.stream();
  }

  /** The examples of the contract's schemas (what the docs show for each resource) are valid. */
  @TestFactory
  Stream<DynamicNode> everySchemaExampleIsValidAgainstItsSchema() {
    JsonObject schemas = resolve(new JsonObject().put("$ref", "#/components/schemas")).copy();
    List<DynamicNode> checks = new ArrayList<>();
    for (String name : schemas.fieldNames()) {
      Object examples = schemas.getJsonObject(name).getValue("examples");
      if (!(examples instanceof io.vertx.core.json.JsonArray list)) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        Object value = list.getValue(i);
        checks.add(
            dynamicTest(
                name + " example " + i,
                () -> {
                  OutputUnit result =
                      validate(new JsonObject().put("$ref", "#/components/schemas/" + name), value);
                  assertThat(result.getValid())
                      .as("example of %s is %s; errors: %s", name, value, errors(result))
                      .isTrue();
                }));
      }
    }
    assertThat(checks).as("resources whose schema has an example").hasSizeGreaterThanOrEqualTo(14);
    return checks.stream();
  }
}
