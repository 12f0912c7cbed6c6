package dev.wrench.postman;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Postman collection (format v2.1, which Bruno and Insomnia import too) made from the contract:
 * first a "Log in" request (the password grant) whose test script keeps the access token in the
 * collection variable {@code access_token}, then one request per operation, in a folder per tag, in
 * the contract's order, with the contract's first request body example. Protected operations
 * inherit the collection's bearer auth ({@code {{access_token}}}); public ones send none.
 *
 * <p>Why not a converter: openapi-generator's {@code postman-collection} (7.25, beta) writes every
 * body as raw JSON (the token endpoint's form would go out as JSON), knows no bearer or OAuth 2.0
 * auth and writes no scripts, so nearly all of it would be overridden; the converters that do those
 * things run on Node.js and would be fetched at build time.
 */
final class PostmanCollection {

  static final String SCHEMA =
      "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
  static final String LOG_IN = "Log in (password grant)";
  static final String TOKEN_VARIABLE = "access_token";

  private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

  private final JsonObject contract;

  PostmanCollection(JsonObject contract) {
    this.contract = contract;
  }

  /** The collection, as the JSON written to the file (two-space indents, a final newline). */
  String render() {
    return build().encodePrettily() + "\n";
  }

  JsonObject build() {
    JsonObject info = contract.getJsonObject("info");
    String baseUrl = contract.getJsonArray("servers").getJsonObject(0).getString("url");
    return new JsonObject()
        .put(
            "info",
            new JsonObject()
                .put("name", info.getString("title"))
                .put(
                    "description",
                    "Generated from openapi/wrench.yaml (version "
                        + info.getString("version")
                        + ") by PostmanCollectionTest; do not edit by hand (docs/api-tour.md).\n\n"
                        + "Set `baseUrl`, `username` and `password`, send \""
                        + LOG_IN
                        + "\" first: it keeps the access token in `"
                        + TOKEN_VARIABLE
                        + "`, which every other request sends as its bearer token.")
                .put("schema", SCHEMA))
        .put("auth", bearer())
        .put(
            "variable",
            new JsonArray()
                .add(variable("baseUrl", baseUrl))
                .add(variable("username", "admin@example.com"))
                .add(variable("password", ""))
                .add(variable(TOKEN_VARIABLE, ""))
                .add(variable("refresh_token", "")))
        .put("item", items());
  }

  private JsonArray items() {
    Map<String, JsonArray> folders = new LinkedHashMap<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (Object tag : contract.getJsonArray("tags", new JsonArray())) {
      JsonObject t = (JsonObject) tag;
      folders.put(t.getString("name"), new JsonArray());
      descriptions.put(t.getString("name"), t.getString("description", ""));
    }
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<JsonObject> shared = parameters(item.getJsonArray("parameters"));
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject operation = item.getJsonObject(method);
        String tag = operation.getJsonArray("tags").getString(0);
        List<JsonObject> parameters = new ArrayList<>(shared);
        parameters.addAll(parameters(operation.getJsonArray("parameters")));
        folders
            .computeIfAbsent(tag, t -> new JsonArray())
            .add(request(method, path, operation, parameters));
      }
    }
    JsonArray items = new JsonArray().add(logIn());
    folders.forEach(
        (tag, requests) -> {
          if (!requests.isEmpty()) {
            items.add(
                new JsonObject()
                    .put("name", tag)
                    .put("description", descriptions.getOrDefault(tag, ""))
                    .put("item", requests));
          }
        });
    return items;
  }

  /** The first request: a password grant whose test script keeps the tokens it returns. */
  private static JsonObject logIn() {
    JsonArray script =
        new JsonArray()
            .add("pm.test('logged in', () => pm.response.to.have.status(200));")
            .add("const answer = pm.response.json();")
            .add("pm.collectionVariables.set('" + TOKEN_VARIABLE + "', answer.access_token);")
            .add("pm.collectionVariables.set('refresh_token', answer.refresh_token);");
    JsonObject request =
        new JsonObject()
            .put("auth", new JsonObject().put("type", "noauth"))
            .put("method", "POST")
            .put("header", new JsonArray())
            .put(
                "body",
                new JsonObject()
                    .put("mode", "urlencoded")
                    .put(
                        "urlencoded",
                        new JsonArray()
                            .add(field("grant_type", "password"))
                            .add(field("username", "{{username}}"))
                            .add(field("password", "{{password}}"))))
            .put("url", url("/oauth/token", List.of()));
    return new JsonObject()
        .put("name", LOG_IN)
        .put(
            "event",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listen", "test")
                        .put(
                            "script",
                            new JsonObject().put("type", "text/javascript").put("exec", script))))
        .put("request", request);
  }

  private JsonObject request(
      String method, String path, JsonObject operation, List<JsonObject> parameters) {
    JsonObject request = new JsonObject().put("method", method.toUpperCase());
    JsonArray security = operation.getJsonArray("security");
    if (security != null && security.isEmpty()) {
      request.put("auth", new JsonObject().put("type", "noauth"));
    }
    JsonArray headers = new JsonArray();
    for (JsonObject parameter : parameters) {
      if ("header".equals(parameter.getString("in"))) {
        headers.add(parameterEntry(parameter));
      }
    }
    JsonObject body = operation.getJsonObject("requestBody");
    if (body != null) {
      Map.Entry<String, Object> content = resolve(body).getJsonObject("content").iterator().next();
      String mediaType = content.getKey();
      JsonObject postmanBody = body(mediaType, firstExample((JsonObject) content.getValue()));
      if (postmanBody.getString("mode").equals("raw")) {
        // Form bodies get theirs from Postman, a multipart one with its boundary.
        headers.add(new JsonObject().put("key", "Content-Type").put("value", mediaType));
      }
      request.put("body", postmanBody);
    }
    request
        .put("header", headers)
        .put("url", url(path, parameters))
        .put("description", operation.getString("description", ""));
    return new JsonObject().put("name", operation.getString("summary")).put("request", request);
  }

  private static JsonObject body(String mediaType, Object example) {
    if (mediaType.equals("application/x-www-form-urlencoded")
        || mediaType.equals("multipart/form-data")) {
      boolean multipart = mediaType.startsWith("multipart/");
      JsonArray fields = new JsonArray();
      JsonObject values = example instanceof JsonObject o ? o : new JsonObject();
      values.forEach(
          entry -> {
            JsonObject f = field(entry.getKey(), String.valueOf(entry.getValue()));
            if (multipart && "file".equals(entry.getKey())) {
              f.remove("value");
              f.put("type", "file").put("src", "");
            }
            fields.add(f);
          });
      return new JsonObject()
          .put("mode", multipart ? "formdata" : "urlencoded")
          .put(multipart ? "formdata" : "urlencoded", fields);
    }
    String raw =
        example instanceof JsonObject o
            ? o.encodePrettily()
            : example instanceof JsonArray a ? a.encodePrettily() : String.valueOf(example);
    return new JsonObject()
        .put("mode", "raw")
        .put("raw", raw)
        .put("options", new JsonObject().put("raw", new JsonObject().put("language", "json")));
  }

  private Object firstExample(JsonObject mediaType) {
    JsonObject examples = mediaType.getJsonObject("examples");
    if (examples != null && !examples.isEmpty()) {
      return resolve(examples.getJsonObject(examples.fieldNames().iterator().next()))
          .getValue("value");
    }
    return mediaType.getValue("example", new JsonObject());
  }

  private static JsonObject url(String path, List<JsonObject> parameters) {
    String postmanPath = path.replaceAll("\\{([^}]+)}", ":$1");
    JsonArray segments = new JsonArray();
    for (String segment : postmanPath.substring(1).split("/")) {
      segments.add(segment);
    }
    JsonArray variables = new JsonArray();
    JsonArray query = new JsonArray();
    for (JsonObject parameter : parameters) {
      if ("path".equals(parameter.getString("in"))) {
        variables.add(
            new JsonObject()
                .put("key", parameter.getString("name"))
                .put("value", "")
                .put("description", parameter.getString("description", "")));
      } else if ("query".equals(parameter.getString("in"))) {
        query.add(parameterEntry(parameter));
      }
    }
    JsonObject url =
        new JsonObject()
            .put("raw", "{{baseUrl}}" + postmanPath)
            .put("host", new JsonArray().add("{{baseUrl}}"))
            .put("path", segments);
    if (!variables.isEmpty()) {
      url.put("variable", variables);
    }
    if (!query.isEmpty()) {
      url.put("query", query);
    }
    return url;
  }

  /** A header or query entry: optional ones are there but switched off. */
  private static JsonObject parameterEntry(JsonObject parameter) {
    Object example = parameter.getValue("example");
    return new JsonObject()
        .put("key", parameter.getString("name"))
        .put("value", example == null ? "" : String.valueOf(example))
        .put("description", parameter.getString("description", ""))
        .put("disabled", !parameter.getBoolean("required", false));
  }

  private List<JsonObject> parameters(JsonArray declared) {
    List<JsonObject> parameters = new ArrayList<>();
    if (declared != null) {
      for (int i = 0; i < declared.size(); i++) {
        parameters.add(resolve(declared.getJsonObject(i)));
      }
    }
    return parameters;
  }

  /** {@code node}, or what its local {@code $ref} ({@code #/components/...}) points at. */
  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject target = contract;
    for (String name : ref.substring(2).split("/")) {
      target = target.getJsonObject(name);
    }
    return resolve(target);
  }

  private static JsonObject bearer() {
    return new JsonObject()
        .put("type", "bearer")
        .put(
            "bearer",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("key", "token")
                        .put("value", "{{" + TOKEN_VARIABLE + "}}")
                        .put("type", "string")));
  }

  private static JsonObject variable(String key, String value) {
    return new JsonObject().put("key", key).put("value", value).put("type", "string");
  }

  private static JsonObject field(String key, String value) {
    return new JsonObject().put("key", key).put("value", value).put("type", "text");
  }
}
