package dev.wrench.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a real response against {@code openapi/wrench.yaml}: the status is documented for the
 * operation (or covered by {@code default}), the content type is one the document lists, and the
 * body validates against its JSON Schema (2020-12, formats included). Every response the
 * integration tests receive goes through it, so a response the contract does not describe fails the
 * build.
 */
public final class ContractValidator {

  private static final String BASE = "app:///openapi.json";
  private static volatile ContractValidator instance;

  private final JsonObject document;
  private final SchemaRepository repository;
  private final Map<Pattern, String> templates = new LinkedHashMap<>();
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  private ContractValidator(JsonObject document) {
    this.document = document;
    this.repository =
        SchemaRepository.create(
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE));
    repository.dereference(BASE, JsonSchema.of(document));
    for (String template : document.getJsonObject("paths").fieldNames()) {
      String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
      templates.put(Pattern.compile(regex), template);
    }
  }

  public static ContractValidator get(Vertx vertx) {
    ContractValidator current = instance;
    if (current == null) {
      synchronized (ContractValidator.class) {
        if (instance == null) {
          instance =
              new ContractValidator(
                  Http.await(
                      io.vertx.openapi.impl.Utils.readYamlOrJson(vertx, "openapi/wrench.yaml")));
        }
        current = instance;
      }
    }
    return current;
  }

  /** A validator of another document (a test's own contract), not shared. */
  public static ContractValidator of(Vertx vertx, String path) {
    return new ContractValidator(
        Http.await(io.vertx.openapi.impl.Utils.readYamlOrJson(vertx, path)));
  }

  /** What in this response the contract does not describe; empty when it conforms. */
  public List<String> violations(
      String method, String pathAndQuery, int status, String contentType, Buffer body) {
    String path =
        pathAndQuery.contains("?")
            ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
            : pathAndQuery;
    String template =
        templates.entrySet().stream()
            .filter(e -> e.getKey().matcher(path).matches())
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    JsonObject operation =
        template == null
            ? null
            : document
                .getJsonObject("paths")
                .getJsonObject(template)
                .getJsonObject(method.toLowerCase(Locale.ROOT));
    List<String> violations = new ArrayList<>();
    if (operation == null
        && method.equalsIgnoreCase("OPTIONS")
        && status < 300
        && (body == null || body.length() == 0)) {
      // A CORS preflight answered by the CORS layer (http.cors): outside the contract's
      // operations, described in its info section.
      return violations;
    }
    if (operation == null) {
      // Not a documented operation (no route, or a method the path lacks): it must still be a
      // problem.
      if (path.startsWith("/docs/")) {
        return violations;
      }
      checkBody(
          violations,
          "#/components/responses/Problem",
          resolve(
              document
                  .getJsonObject("components")
                  .getJsonObject("responses")
                  .getJsonObject("Problem")),
          contentType,
          body);
      return violations;
    }
    JsonObject responses = operation.getJsonObject("responses");
    String key = responses.containsKey(String.valueOf(status)) ? String.valueOf(status) : "default";
    JsonObject response = responses.getJsonObject(key);
    if (response == null) {
      violations.add(method + " " + template + ": status " + status + " is not documented");
      return violations;
    }
    if (key.equals("default") && status < 400) {
      violations.add(method + " " + template + ": success status " + status + " is not documented");
      return violations;
    }
    checkBody(
        violations, method + " " + template + " " + key, resolve(response), contentType, body);
    return violations;
  }

  private void checkBody(
      List<String> violations, String where, JsonObject response, String contentType, Buffer body) {
    JsonObject content = response.getJsonObject("content");
    boolean hasBody = body != null && body.length() > 0;
    if (content == null || content.isEmpty()) {
      if (hasBody) {
        violations.add(where + ": a body is sent where the contract has none");
      }
      return;
    }
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    JsonObject media = content.getJsonObject(mediaType);
    if (media == null) {
      violations.add(
          where + ": content type '" + contentType + "' is not one of " + content.fieldNames());
      return;
    }
    if (!mediaType.endsWith("json") || media.getJsonObject("schema") == null) {
      return;
    }
    Object instance;
    try {
      instance = Json.decodeValue(body);
    } catch (RuntimeException e) {
      violations.add(where + ": the body is not JSON");
      return;
    }
    String schemaJson = media.getJsonObject("schema").encode().replace("\"#/", "\"" + BASE + "#/");
    Validator validator =
        validators.computeIfAbsent(
            schemaJson,
            s ->
                repository.validator(
                    JsonSchema.of(new JsonObject(s)),
                    new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE),
                    false));
    OutputUnit result = validator.validate(instance);
    if (!Boolean.TRUE.equals(result.getValid())) {
      List<String> errors = new ArrayList<>();
      collect(result, errors);
      violations.add(where + ": the body does not match the schema: " + errors);
    }
  }

  private static void collect(OutputUnit unit, List<String> into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> collect(child, into));
    } else if (unit.getError() != null && into.size() < 10) {
      into.add(unit.getInstanceLocation() + " " + unit.getError());
    }
  }

  /** Follows a {@code $ref} to a reusable response. */
  private JsonObject resolve(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref == null) {
      return response;
    }
    JsonObject node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }
}
