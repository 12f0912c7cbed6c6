package dev.wrench.http.openapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The contract rewritten for the router. vertx-openapi 5.0.x refuses media types outside its short
 * list (problem+json, merge-patch+json, form-urlencoded, YAML, HTML), so the router is built from a
 * copy without response content (responses are not validated by the router) and with request bodies
 * reduced to the types it reads; an operation left without a body is validated by its handler.
 * Entity-tag headers ({@code If-Match}, {@code If-None-Match}) are parsed by the handlers: the
 * validator cannot read RFC 9110 lists and weak tags ({@code W/"1", "2"}). The {@code oauth2}
 * security schemes, which only say how to get a bearer token, are left out ({@link
 * #withoutTokenIssuingSchemes}).
 */
public final class RouterContract {

  private RouterContract() {}

  /**
   * Multipart bodies are left out: the upload handler streams them itself (the router would buffer
   * them, and loses file data: vertx-openapi #92).
   */
  private static final Set<String> ROUTER_MEDIA_TYPES = Set.of("application/json");

  private static final Set<String> HANDLER_PARSED_HEADERS = Set.of("if-match", "if-none-match");

  /**
   * The document at {@code path} parsed by the library's own YAML reader, so that the copy parses
   * exactly like the original would.
   */
  public static Future<JsonObject> parse(Vertx vertx, String path) {
    return io.vertx.openapi.impl.Utils.readYamlOrJson(vertx, path);
  }

  /**
   * Rewrites {@code raw} (a copy: it is changed) for the router and adds to {@code handValidated}
   * the operations whose body is left to their handler.
   */
  @SuppressWarnings("unchecked") // JsonArray.getList() holds the parsed YAML maps
  public static JsonObject forRouter(JsonObject raw, Set<String> handValidated) {
    withoutTokenIssuingSchemes(raw);
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
                        p instanceof JsonObject o ? o : new JsonObject((Map<String, Object>) p);
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

  /**
   * Drops the {@code oauth2} security schemes and takes them out of the requirements (dropping a
   * requirement they alone made, keeping {@code {}}: no credentials needed). They tell clients
   * (Swagger UI's "Authorize", Postman) how to get a token from {@code /oauth/token}; the token
   * then travels as {@code Authorization: Bearer}, which the {@code bearerAuth} handler verifies.
   * The router would want an {@code OAuth2AuthHandler} (a redirecting OAuth 2.0 client) for each of
   * them and would chain the alternatives in a {@code ChainAuthHandler}, which the bearer handler
   * cannot join; for the router, an alternative that ends in the same header is no alternative.
   */
  @SuppressWarnings("unchecked") // JsonArray.getList() holds the parsed YAML maps
  static void withoutTokenIssuingSchemes(JsonObject raw) {
    JsonObject schemes =
        raw.getJsonObject("components", new JsonObject())
            .getJsonObject("securitySchemes", new JsonObject());
    Set<String> dropped =
        schemes.fieldNames().stream()
            .filter(name -> "oauth2".equals(schemes.getJsonObject(name).getString("type")))
            .collect(Collectors.toSet());
    if (dropped.isEmpty()) {
      return;
    }
    schemes.fieldNames().removeAll(dropped);
    Consumer<JsonArray> prune =
        requirements -> {
          if (requirements != null) {
            requirements
                .getList()
                .removeIf(
                    r -> {
                      Map<String, Object> requirement =
                          r instanceof JsonObject o ? o.getMap() : (Map<String, Object>) r;
                      if (requirement.isEmpty()) {
                        return false; // "no credentials needed" stays
                      }
                      requirement.keySet().removeAll(dropped);
                      return requirement.isEmpty();
                    });
          }
        };
    prune.accept(raw.getJsonArray("security"));
    JsonObject paths = raw.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          prune.accept(operation.getJsonArray("security"));
        }
      }
    }
  }

  private static boolean isHandlerParsedHeader(JsonObject parameter) {
    return "header".equals(parameter.getString("in"))
        && HANDLER_PARSED_HEADERS.contains(
            parameter.getString("name", "").toLowerCase(Locale.ROOT));
  }
}
