package dev.wrench.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operations of {@code openapi/wrench.yaml}, read from the document itself so that a new
 * operation is fuzzed without anyone listing it: method, path template, parameters and request body
 * (its media type, schema and first example), with {@code $ref}s followed.
 */
final class ContractOperations {

  record Param(String name, String in, JsonObject schema, boolean required) {}

  record Operation(
      String id,
      String method,
      String template,
      List<Param> params,
      String bodyType,
      JsonObject bodySchema,
      Object bodyExample,
      boolean isPublic) {

    List<Param> in(String location) {
      return params.stream().filter(p -> p.in().equals(location)).toList();
    }
  }

  private static final List<String> METHODS =
      List.of("get", "put", "post", "patch", "delete", "head", "options", "trace");

  private final JsonObject document;
  private final List<Operation> operations = new ArrayList<>();

  ContractOperations(JsonObject document) {
    this.document = document;
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      List<Param> shared = params(item.getJsonArray("parameters", new JsonArray()));
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject operation = item.getJsonObject(method);
        List<Param> params = new ArrayList<>(shared);
        params.addAll(params(operation.getJsonArray("parameters", new JsonArray())));
        String bodyType = null;
        JsonObject bodySchema = null;
        Object example = null;
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null) {
          JsonObject content = resolve(body).getJsonObject("content");
          bodyType = content.fieldNames().iterator().next();
          JsonObject media = content.getJsonObject(bodyType);
          bodySchema =
              media.getJsonObject("schema") == null ? null : resolve(media.getJsonObject("schema"));
          JsonObject examples = media.getJsonObject("examples");
          if (examples != null && !examples.isEmpty()) {
            example =
                resolve(examples.getJsonObject(examples.fieldNames().iterator().next()))
                    .getValue("value");
          } else {
            example = media.getValue("example");
          }
        }
        JsonArray roles = operation.getJsonArray("x-roles", new JsonArray());
        operations.add(
            new Operation(
                operation.getString("operationId"),
                method.toUpperCase(Locale.ROOT),
                template,
                List.copyOf(params),
                bodyType,
                bodySchema,
                example,
                roles.contains("public")));
      }
    }
  }

  List<Operation> all() {
    return List.copyOf(operations);
  }

  /** Follows {@code $ref}s (local ones: the document has no other kind). */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    while (current != null && current.getString("$ref") != null) {
      JsonObject target = document;
      for (String part : current.getString("$ref").substring(2).split("/")) {
        target = target.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
      }
      current = target;
    }
    return current;
  }

  private List<Param> params(JsonArray list) {
    List<Param> params = new ArrayList<>();
    for (Object item : list) {
      JsonObject param = resolve((JsonObject) item);
      params.add(
          new Param(
              param.getString("name"),
              param.getString("in"),
              resolve(param.getJsonObject("schema", new JsonObject())),
              param.getBoolean("required", false)));
    }
    return params;
  }
}
