package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.impl.Utils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The permission matrix, checked against the contract itself: every operation of {@code
 * openapi/wrench.yaml} whose {@code x-roles} is not {@code [public]} is called by every role and
 * without a token. A new operation is covered as soon as it is in the document.
 *
 * <p>Each call is a real, valid request: path ids name a resource made for that call (a work order
 * requested by the requester and assigned to the technician, so that row rules let the allowed
 * roles through), the body is the operation's first example when it is valid against its schema
 * (else a minimal body built from the schema), and {@code If-Match} carries the resource's current
 * ETag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {

  private static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");

  /**
   * Not a tenant role but a grant the bootstrap admin holds besides its tenant's admin role: tried
   * on the operations that list it (elsewhere it is that admin).
   */
  private static final String PLATFORM_ADMIN = "platform_admin";

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final Pattern COLLECTION = Pattern.compile("^/api/v1/([a-z-]+)/\\{id}");
  private static final String BASE_URI = "https://wrench.test/openapi.yaml";
  private static final JsonSchemaOptions SCHEMA_OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri(BASE_URI)
          .setOutputFormat(OutputFormat.Basic);

  private WrenchServer server;
  private Http http;
  private JsonObject contract;
  private SchemaRepository schemas;
  private String admin;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private WrenchServer.User requester;
  private WrenchServer.Technician technician;

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

  /** A request ready to send, and whether every resource it names was made for it. */
  record Prepared(
      String path,
      Map<String, String> headers,
      String contentType,
      String body,
      boolean resolved) {}

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    contract = Http.await(Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml"));
    schemas =
        SchemaRepository.create(SCHEMA_OPTIONS)
            .dereference(BASE_URI, JsonSchema.of(contract.copy()));
    admin = server.adminToken();
    requester = server.createUser("requester");
    technician = server.createTechnicianUser();
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

  // --- the contract ---

  private List<Operation> operations() {
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

  private List<Operation> protectedOperations() {
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
  private JsonObject resolve(JsonObject node) {
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

  // --- the checks ---

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

  @TestFactory
  Stream<DynamicNode> eachRoleIsAllowedExactlyTheOperationsItsXRolesName() {
    return protectedOperations().stream()
        .map(
            op ->
                dynamicContainer(
                    op.toString(),
                    Stream.concat(
                            ROLES.stream(),
                            op.roles().contains(PLATFORM_ADMIN)
                                ? Stream.of(PLATFORM_ADMIN)
                                : Stream.empty())
                        .map(
                            role ->
                                op.roles().contains(role)
                                    ? dynamicTest(
                                        role + " may call " + op.operationId(),
                                        () -> assertAllowed(op, role))
                                    : dynamicTest(
                                        role + " is forbidden " + op.operationId(),
                                        () -> assertForbidden(op, role)))));
  }

  @TestFactory
  Stream<DynamicNode> everyProtectedOperationWithoutATokenIs401() {
    return protectedOperations().stream()
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Prepared request = prepare(op, false);
                      Http.Response response = send(op, request, null);
                      assertUnauthorized(op, response);
                    }));
  }

  @TestFactory
  Stream<DynamicNode> everyProtectedOperationWithABadTokenIs401() {
    String tampered = admin.substring(0, admin.length() - 6) + "AAAAAA";
    return protectedOperations().stream()
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Prepared request = prepare(op, false);
                      assertUnauthorized(op, send(op, request, "not.a.jwt"));
                      assertUnauthorized(op, send(op, request, tampered));
                    }));
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

  @TestFactory
  Stream<DynamicNode> publicOperationsNeedNoToken() {
    return operations().stream()
        .filter(Operation::isPublic)
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Http.Response response =
                          http.call(HttpMethod.valueOf(op.method().toUpperCase()), op.path())
                              .send();
                      assertThat(response.status())
                          .as("%s without a token -> %s", op, response)
                          .isNotIn(401, 403);
                      assertThat(response.status()).as("%s -> %s", op, response).isLessThan(500);
                    }));
  }

  private void assertAllowed(Operation op, String role) {
    Prepared request = prepare(op, true);
    Http.Response response = send(op, request, tokens.get(role));
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isNotIn(401, 403);
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isLessThan(500);
    if (request.resolved()) {
      // Every resource the request names exists and is visible to the role: the call succeeds.
      assertThat(response.status()).as("%s as %s -> %s", op, role, response).isBetween(200, 299);
    }
  }

  private void assertForbidden(Operation op, String role) {
    Prepared request = prepare(op, true);
    Http.Response response = send(op, request, tokens.get(role));
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isEqualTo(403);
    assertProblem(response, 403, "/problems/forbidden");
    JsonObject problem = response.json();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("instance")).isEqualTo(request.path().replaceAll("\\?.*$", ""));
  }

  private static void assertUnauthorized(Operation op, Http.Response response) {
    assertThat(response.status()).as("%s -> %s", op, response).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).as("%s", op).startsWith("Bearer");
    assertProblem(response, 401, "/problems/unauthorized");
  }

  // --- building a valid request ---

  private Http.Response send(Operation op, Prepared request, String token) {
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
  private Prepared prepare(Operation op, boolean withResources) {
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
            ? resolve(op.definition().getJsonObject("requestBody"))
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

  private static final String MULTIPART_BOUNDARY = "matrix-boundary-7f3a";

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
      case "technicians" -> created("/api/v1/technicians", new JsonObject().put("name", "matrix"));
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
    JsonObject schema = resolve(mediaType.getJsonObject("schema", new JsonObject()));
    Object example = null;
    JsonObject examples = mediaType.getJsonObject("examples");
    if (examples != null && !examples.isEmpty()) {
      example =
          resolve(examples.getJsonObject(examples.fieldNames().iterator().next()))
              .getValue("value");
    } else if (mediaType.containsKey("example")) {
      example = mediaType.getValue("example");
    }
    JsonObject body =
        example instanceof JsonObject object
                && validate(mediaType.getJsonObject("schema"), object).getValid()
            ? object.copy()
            : (JsonObject) sample(schema, "body");
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String field : properties.fieldNames()) {
      if (body.containsKey(field)
          && "email".equals(resolve(properties.getJsonObject(field)).getString("format"))) {
        body.put(field, uniqueEmail());
      }
    }
    // Credentials act as a user of the organization: the example's id names none.
    if (body.containsKey("user_id")) {
      body.put("user_id", requester.id());
    }
    return body;
  }

  /**
   * Validates {@code value} against a schema of the contract (local references resolved in the
   * document).
   */
  private OutputUnit validate(JsonObject schema, Object value) {
    JsonObject absolute =
        schema.containsKey("$ref") && schema.getString("$ref").startsWith("#")
            ? new JsonObject().put("$ref", BASE_URI + schema.getString("$ref"))
            : schema;
    return schemas.validator(JsonSchema.of(absolute.copy()), SCHEMA_OPTIONS).validate(value);
  }

  private static List<String> errors(OutputUnit result) {
    List<String> errors = new ArrayList<>();
    if (result.getErrors() != null) {
      result.getErrors().forEach(e -> errors.add(e.getInstanceLocation() + ": " + e.getError()));
    }
    return errors;
  }

  /**
   * A minimal valid value for a schema: required properties only, first enum value, shortest
   * string.
   */
  private Object sample(JsonObject rawSchema, String name) {
    JsonObject schema = resolve(rawSchema);
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
