package dev.wrench.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The contract as the router sees it. {@code openapi/wrench.yaml} is the document clients get;
 * vertx-openapi 5.0.x refuses media types outside its short list (problem+json, merge-patch+json,
 * form-urlencoded, YAML, HTML), so the router is built from a copy without response content
 * (responses are not validated by the router) and with request bodies reduced to the types it
 * reads. {@link #handValidated()} lists the operations whose body the handler checks itself.
 * Entity-tag headers ({@code If-Match}, {@code If-None-Match}) are parsed by the handlers: the
 * validator cannot read RFC 9110 lists and weak tags ({@code W/"1", "2"}).
 *
 * <p>{@link #produces()} keeps, per operation, the media types of its success responses, for
 * content negotiation ({@code 406}).
 */
public record Contract(
    OpenAPIContract openApi,
    Buffer document,
    Set<String> handValidated,
    Map<String, Set<String>> produces) {

  public static final String PATH = "openapi/wrench.yaml";

  /**
   * Multipart bodies are left out: the upload handler streams them itself (the router would buffer
   * them, and loses file data: vertx-openapi #92).
   */
  private static final Set<String> ROUTER_MEDIA_TYPES = Set.of("application/json");

  private static final Set<String> HANDLER_PARSED_HEADERS = Set.of("if-match", "if-none-match");

  /** The document as read from {@link #PATH}: its bytes, and its YAML parsed. */
  public record Source(Buffer document, JsonObject raw) {

    /** A copy for one verticle instance: no buffer or JSON shared across event loops. */
    public Source copy() {
      return new Source(document.copy(), raw.copy());
    }
  }

  /**
   * Reads and parses the document: done once per process (MainVerticle), not once per event loop (a
   * quarter of a second of CPU each on this project's two cores).
   */
  public static Future<Source> read(Vertx vertx) {
    return vertx
        .fileSystem()
        .readFile(PATH)
        .compose(
            document ->
                // The library's own YAML reader, so that the copy parses exactly like the original
                // would.
                io.vertx.openapi.impl.Utils.readYamlOrJson(vertx, PATH)
                    .map(raw -> new Source(document, raw)));
  }

  public static Future<Contract> load(Vertx vertx) {
    return read(vertx).compose(source -> from(vertx, source));
  }

  /** The contract of a document already read; {@code source} is not changed. */
  public static Future<Contract> from(Vertx vertx, Source source) {
    JsonObject raw = source.raw();
    Set<String> handValidated = new HashSet<>();
    Map<String, Set<String>> produces = successMediaTypes(raw);
    JsonObject routerCopy = forRouter(raw.copy(), handValidated);
    return OpenAPIContract.from(vertx, routerCopy)
        .map(
            contract ->
                new Contract(
                    contract, source.document(), Set.copyOf(handValidated), Map.copyOf(produces)));
  }

  /** operationId → the media types its 2xx responses may carry. */
  private static Map<String, Set<String>> successMediaTypes(JsonObject raw) {
    JsonObject reusable =
        raw.getJsonObject("components", new JsonObject())
            .getJsonObject("responses", new JsonObject());
    Map<String, Set<String>> produces = new HashMap<>();
    JsonObject paths = raw.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)
            || operation.getString("operationId") == null) {
          continue;
        }
        Set<String> types = new HashSet<>();
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (!status.startsWith("2")) {
            continue;
          }
          JsonObject response = responses.getJsonObject(status);
          String ref = response.getString("$ref");
          if (ref != null) {
            response = reusable.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1), response);
          }
          JsonObject content = response.getJsonObject("content");
          if (content != null) {
            types.addAll(content.fieldNames());
          }
        }
        produces.put(operation.getString("operationId"), Set.copyOf(types));
      }
    }
    return produces;
  }

  private static boolean isHandlerParsedHeader(JsonObject parameter) {
    return "header".equals(parameter.getString("in"))
        && HANDLER_PARSED_HEADERS.contains(
            parameter.getString("name", "").toLowerCase(java.util.Locale.ROOT));
  }

  @SuppressWarnings("unchecked") // JsonArray.getList() holds the parsed YAML maps
  private static JsonObject forRouter(JsonObject raw, Set<String> handValidated) {
    JsonObject responses =
        raw.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (responses != null) {
      responses.forEach(entry -> ((JsonObject) entry.getValue()).remove("content"));
    }
    JsonObject parameters =
        raw.getJsonObject("components", new JsonObject())
            .getJsonObject("parameters", new JsonObject());
    parameters.fieldNames().removeIf(name -> isHandlerParsedHeader(parameters.getJsonObject(name)));
    JsonObject paths = raw.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)
            || !operation.containsKey("responses")) {
          continue;
        }
        operation
            .getJsonObject("responses")
            .forEach(entry -> ((JsonObject) entry.getValue()).remove("content"));
        JsonArray operationParameters = operation.getJsonArray("parameters");
        if (operationParameters != null) {
          operationParameters
              .getList()
              .removeIf(
                  p -> {
                    JsonObject parameter =
                        p instanceof JsonObject o
                            ? o
                            : new JsonObject((java.util.Map<String, Object>) p);
                    String ref = parameter.getString("$ref", "");
                    return isHandlerParsedHeader(parameter)
                        || (ref.startsWith("#/components/parameters/")
                            && !parameters.containsKey(
                                ref.substring("#/components/parameters/".length())));
                  });
        }
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          JsonObject content = body.getJsonObject("content");
          content.fieldNames().removeIf(type -> !ROUTER_MEDIA_TYPES.contains(type));
          if (content.isEmpty()) {
            operation.remove("requestBody");
            handValidated.add(operation.getString("operationId"));
          }
        }
      }
    }
    return raw;
  }
}
