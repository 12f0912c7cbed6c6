package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.api.MatrixContract.Operation;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and sends the real, valid request the permission matrix makes of an operation: path ids
 * name a resource made for that call (a work order requested by the requester and assigned to the
 * technician, so that row rules let the allowed roles through), the body is the operation's first
 * example when it is valid against its schema (else a minimal body built from the schema), and
 * {@code If-Match} carries the resource's current ETag.
 */
final class MatrixRequests {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final Pattern COLLECTION = Pattern.compile("^/api/v1/([a-z-]+)/\\{id}");
  private static final String MULTIPART_BOUNDARY = "matrix-boundary-7f3a";

  private final Http http;
  private final MatrixContract contract;
  private final String admin;
  private final WrenchServer.User requester;
  private final WrenchServer.Technician technician;

  /** A request ready to send, and whether every resource it names was made for it. */
  record Prepared(
      String path,
      Map<String, String> headers,
      String contentType,
      String body,
      boolean resolved) {}

  MatrixRequests(
      Http http,
      MatrixContract contract,
      String admin,
      WrenchServer.User requester,
      WrenchServer.Technician technician) {
    this.http = http;
    this.contract = contract;
    this.admin = admin;
    this.requester = requester;
    this.technician = technician;
  }

  Http.Response send(Operation op, Prepared request, String token) {
    Http.Call call = http.call(HttpMethod.valueOf(op.method().toUpperCase()), request.path());
    request.headers().forEach(call::header);
    if (token != null) {
      call.token(token);
    }
    if (request.body() != null) {
      call.raw(request.contentType(), request.body());
    }
    return call.send();
  }

  /**
   * A request for {@code op}: with {@code withResources}, path ids name a resource made for this
   * call (else random ids); the body is valid for the operation.
   */
  Prepared prepare(Operation op, boolean withResources) {
    boolean resolved = true;
    StringBuilder path = new StringBuilder();
    Matcher m = PATH_PARAMETER.matcher(op.path());
    while (m.find()) {
      String value = null;
      if (withResources && m.group(1).equals("id")) {
        Matcher collection = COLLECTION.matcher(op.path());
        value = collection.find() ? resourceOf(collection.group(1)) : null;
      }
      if (value == null) {
        resolved = false;
        value = UUID.randomUUID().toString();
      }
      m.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    m.appendTail(path);
    String concrete = path.toString();

    Map<String, String> headers = new LinkedHashMap<>();
    List<String> query = new ArrayList<>();
    for (JsonObject parameter : op.parameters()) {
      String name = parameter.getString("name");
      String in = parameter.getString("in");
      if (in.equals("header") && name.equalsIgnoreCase("If-Match")) {
        headers.put("If-Match", withResources ? currentEtag(concrete) : "\"1\"");
      } else if (parameter.getBoolean("required", false) && in.equals("query")) {
        query.add(name + "=" + sample(parameter.getJsonObject("schema", new JsonObject()), name));
      } else if (parameter.getBoolean("required", false) && in.equals("header")) {
        headers.put(
            name,
            String.valueOf(sample(parameter.getJsonObject("schema", new JsonObject()), name)));
      }
    }
    if (!query.isEmpty()) {
      concrete += "?" + String.join("&", query);
    }

    String contentType = null;
    String body = null;
    JsonObject requestBody =
        op.definition().containsKey("requestBody")
            ? contract.resolve(op.definition().getJsonObject("requestBody"))
            : null;
    if (requestBody != null) {
      JsonObject content = requestBody.getJsonObject("content", new JsonObject());
      for (String type : List.of("application/json", "application/merge-patch+json")) {
        if (content.containsKey(type)) {
          contentType = type;
          body = bodyFor(content.getJsonObject(type)).encode();
          break;
        }
      }
      if (contentType == null && content.containsKey("multipart/form-data")) {
        // An upload: one small text file.
        contentType = "multipart/form-data; boundary=" + MULTIPART_BOUNDARY;
        body = textFilePart("matrix.txt", "matrix");
      }
      assertThat(contentType).as("%s takes a JSON or multipart body", op).isNotNull();
    }
    return new Prepared(concrete, headers, contentType, body, resolved);
  }

  static String textFilePart(String filename, String text) {
    return "--"
        + MULTIPART_BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + filename
        + "\"\r\nContent-Type: text/plain\r\n\r\n"
        + text
        + "\r\n--"
        + MULTIPART_BOUNDARY
        + "--\r\n";
  }

  /** An attachment of a fresh work order, uploaded by the admin and processed by the worker. */
  private String readyAttachment() {
    String workOrder = resourceOf("work-orders");
    Http.Response uploaded =
        http.post("/api/v1/work-orders/" + workOrder + "/attachments")
            .token(admin)
            .raw(
                "multipart/form-data; boundary=" + MULTIPART_BOUNDARY,
                textFilePart("matrix.txt", "matrix"))
            .send();
    assertThat(uploaded.status()).as("uploading: %s", uploaded).isEqualTo(201);
    String id = uploaded.json().getString("id");
    org.awaitility.Awaitility.await("attachment " + id + " ready")
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                "ready"
                    .equals(
                        http.get("/api/v1/attachments/" + id)
                            .token(admin)
                            .send()
                            .json()
                            .getString("status")));
    return id;
  }

  /** The current ETag of the resource at {@code path}, as its If-Match. */
  private String currentEtag(String path) {
    Http.Response current = http.get(path).token(admin).send();
    return current.header("ETag") != null ? current.header("ETag") : "*";
  }

  /** The id of a resource made for one call, or null for a collection this test does not know. */
  private String resourceOf(String collection) {
    return switch (collection) {
      case "work-orders" ->
          created(
              "/api/v1/work-orders",
              new JsonObject()
                  .put("title", "matrix")
                  .put("requester_id", requester.id())
                  .put("assignee_id", technician.technicianId()));
      case "assets" -> created("/api/v1/assets", new JsonObject().put("name", "matrix"));
      case "meters" ->
          created(
              "/api/v1/meters",
              new JsonObject()
                  .put(
                      "asset_id", created("/api/v1/assets", new JsonObject().put("name", "matrix")))
                  .put("name", "matrix")
                  .put("unit", "h")
                  .put("kind", "counter"));
      case "technicians" -> created("/api/v1/technicians", new JsonObject().put("name", "matrix"));
      case "locations" -> created("/api/v1/locations", new JsonObject().put("name", "matrix"));
      case "api-keys" -> created("/api/v1/api-keys", new JsonObject().put("name", "matrix"));
      case "organizations" ->
          created(
              "/api/v1/organizations",
              new JsonObject()
                  .put("name", "matrix")
                  .put(
                      "admin",
                      new JsonObject()
                          .put("email", uniqueEmail())
                          .put("password", "matrix-password-" + UUID.randomUUID())));
      case "oauth-clients" ->
          created(
              "/api/v1/oauth-clients",
              new JsonObject().put("name", "matrix").put("user_id", requester.id()));
      case "attachments" -> readyAttachment();
      case "users" ->
          created(
              "/api/v1/users",
              new JsonObject()
                  .put("email", uniqueEmail())
                  .put("role", "requester")
                  .put("password", "matrix-password-" + UUID.randomUUID()));
      default -> null;
    };
  }

  private String created(String collection, JsonObject body) {
    Http.Response response = http.post(collection).token(admin).json(body).send();
    assertThat(response.status())
        .as("making a resource in %s: %s", collection, response)
        .isEqualTo(201);
    return response.json().getString("id");
  }

  private static String uniqueEmail() {
    return "matrix-" + UUID.randomUUID().toString().substring(0, 12) + "@wrench.test";
  }

  /**
   * The first example of a media type, else a minimal body from its schema; e-mail addresses made
   * unique.
   */
  private JsonObject bodyFor(JsonObject mediaType) {
    JsonObject schema = contract.resolve(mediaType.getJsonObject("schema", new JsonObject()));
    Object example = null;
    JsonObject examples = mediaType.getJsonObject("examples");
    if (examples != null && !examples.isEmpty()) {
      example =
          contract
              .resolve(examples.getJsonObject(examples.fieldNames().iterator().next()))
              .getValue("value");
    } else if (mediaType.containsKey("example")) {
      example = mediaType.getValue("example");
    }
    JsonObject body =
        example instanceof JsonObject object
                && contract.validate(mediaType.getJsonObject("schema"), object).getValid()
            ? object.copy()
            : (JsonObject) sample(schema, "body");
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String field : properties.fieldNames()) {
      if (body.containsKey(field)
          && "email"
              .equals(contract.resolve(properties.getJsonObject(field)).getString("format"))) {
        body.put(field, uniqueEmail());
      }
    }
    // Credentials act as a user of the organization: the example's id names none.
    if (body.containsKey("user_id")) {
      body.put("user_id", requester.id());
    }
    // A time entry names a technician of the organization: the one the work orders are assigned to.
    if (body.containsKey("technician_id")) {
      body.put("technician_id", technician.technicianId());
    }
    // A meter must name an asset of the organization: the example's names none.
    if (body.getValue("asset_id") != null) {
      body.put("asset_id", created("/api/v1/assets", new JsonObject().put("name", "matrix")));
    }
    return body;
  }

  /**
   * A minimal valid value for a schema: required properties only, first enum value, shortest
   * string.
   */
  private Object sample(JsonObject rawSchema, String name) {
    JsonObject schema = contract.resolve(rawSchema);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    if (schema.containsKey("default")) {
      return schema.getValue("default");
    }
    Object type = schema.getValue("type");
    String kind =
        type instanceof JsonArray types
            ? types.stream()
                .map(String::valueOf)
                .filter(t -> !t.equals("null"))
                .findFirst()
                .orElse("null")
            : type == null
                ? (schema.containsKey("properties") ? "object" : "string")
                : type.toString();
    return switch (kind) {
      case "object" -> {
        JsonObject object = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        List<String> required =
            schema.getJsonArray("required", new JsonArray()).stream().map(String::valueOf).toList();
        for (String field : required) {
          object.put(field, sample(properties.getJsonObject(field, new JsonObject()), field));
        }
        if (object.size() < schema.getInteger("minProperties", 0) && !properties.isEmpty()) {
          String field = properties.fieldNames().iterator().next();
          object.put(field, sample(properties.getJsonObject(field), field));
        }
        yield object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        for (int i = 0; i < schema.getInteger("minItems", 0); i++) {
          array.add(
              sample(schema.getJsonObject("items", new JsonObject()), name)
                  + (i == 0 ? "" : "-" + i));
        }
        yield array;
      }
      case "integer", "number" -> schema.getInteger("minimum", 1);
      case "boolean" -> true;
      case "null" -> null;
      default ->
          switch (schema.getString("format", "")) {
            case "uuid" -> UUID.randomUUID().toString();
            case "email" -> uniqueEmail();
            case "date-time" -> "2030-01-01T00:00:00Z";
            default -> {
              String value = "matrix-" + name;
              value += "x".repeat(Math.max(0, schema.getInteger("minLength", 0) - value.length()));
              yield value.substring(
                  0, Math.min(value.length(), schema.getInteger("maxLength", value.length())));
            }
          };
    };
  }
}
