package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The contract {@code openapi/wrench.yaml} as the permission matrix reads it: its operations with
 * their {@code x-roles}, local references followed, and values validated against its schemas.
 */
final class MatrixContract {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final String BASE_URI = "https://wrench.test/openapi.yaml";
  private static final JsonSchemaOptions SCHEMA_OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri(BASE_URI)
          .setOutputFormat(OutputFormat.Basic);

  private final JsonObject contract;
  private final SchemaRepository schemas;

  /** One operation of the contract. */
  record Operation(
      String method,
      String path,
      String operationId,
      JsonObject definition,
      List<JsonObject> parameters,
      List<String> roles) {
    boolean isPublic() {
      return roles.contains("public");
    }

    @Override
    public String toString() {
      return operationId + " (" + method.toUpperCase() + " " + path + ")";
    }
  }

  MatrixContract(JsonObject contract) {
    this.contract = contract;
    this.schemas =
        SchemaRepository.create(SCHEMA_OPTIONS)
            .dereference(BASE_URI, JsonSchema.of(contract.copy()));
  }

  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<JsonObject> shared = parameters(item.getJsonArray("parameters"));
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject definition = item.getJsonObject(method);
        List<JsonObject> parameters = new ArrayList<>(shared);
        parameters.addAll(parameters(definition.getJsonArray("parameters")));
        JsonArray roles = definition.getJsonArray("x-roles", new JsonArray());
        operations.add(
            new Operation(
                method,
                path,
                definition.getString("operationId"),
                definition,
                parameters,
                roles.stream().map(String::valueOf).toList()));
      }
    }
    return operations;
  }

  List<Operation> protectedOperations() {
    return operations().stream().filter(op -> !op.isPublic()).toList();
  }

  private List<JsonObject> parameters(JsonArray list) {
    List<JsonObject> parameters = new ArrayList<>();
    if (list != null) {
      for (Object parameter : list) {
        parameters.add(resolve((JsonObject) parameter));
      }
    }
    return parameters;
  }

  /** Follows a local {@code $ref} ({@code #/components/...}) until it reaches a definition. */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    for (int hops = 0; current.containsKey("$ref") && hops < 20; hops++) {
      String ref = current.getString("$ref");
      assertThat(ref).as("only local references are supported").startsWith("#/");
      JsonObject target = contract;
      for (String part : ref.substring(2).split("/")) {
        target = target.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
      }
      current = target;
    }
    return current;
  }

  /**
   * Validates {@code value} against a schema of the contract (local references resolved in the
   * document).
   */
  OutputUnit validate(JsonObject schema, Object value) {
    JsonObject absolute =
        schema.containsKey("$ref") && schema.getString("$ref").startsWith("#")
            ? new JsonObject().put("$ref", BASE_URI + schema.getString("$ref"))
            : schema;
    return schemas.validator(JsonSchema.of(absolute.copy()), SCHEMA_OPTIONS).validate(value);
  }

  static List<String> errors(OutputUnit result) {
    List<String> errors = new ArrayList<>();
    if (result.getErrors() != null) {
      result.getErrors().forEach(e -> errors.add(e.getInstanceLocation() + ": " + e.getError()));
    }
    return errors;
  }
}
