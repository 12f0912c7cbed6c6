package dev.wrench.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.HashSet;
import java.util.Set;

/**
 * The contract as the router sees it. {@code openapi/wrench.yaml} is the document clients get;
 * vertx-openapi 5.0.x refuses media types outside its short list (problem+json, merge-patch+json,
 * form-urlencoded, YAML, HTML), so the router is built from a copy without response content
 * (responses are not validated by the router) and with request bodies reduced to the types it
 * reads. {@link #handValidated()} lists the operations whose body the handler checks itself.
 */
public record Contract(OpenAPIContract openApi, Buffer document, Set<String> handValidated) {

  public static final String PATH = "openapi/wrench.yaml";
  private static final Set<String> ROUTER_MEDIA_TYPES = Set.of("application/json", "multipart/form-data");

  public static Future<Contract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(PATH).compose(document ->
        // The library's own YAML reader, so that the copy parses exactly like the original would.
        io.vertx.openapi.impl.Utils.readYamlOrJson(vertx, PATH).compose(raw -> {
          Set<String> handValidated = new HashSet<>();
          JsonObject routerCopy = forRouter(raw.copy(), handValidated);
          return OpenAPIContract.from(vertx, routerCopy)
              .map(contract -> new Contract(contract, document, Set.copyOf(handValidated)));
        }));
  }

  private static JsonObject forRouter(JsonObject raw, Set<String> handValidated) {
    JsonObject responses = raw.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (responses != null) {
      responses.forEach(entry -> ((JsonObject) entry.getValue()).remove("content"));
    }
    JsonObject paths = raw.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation) || !operation.containsKey("responses")) {
          continue;
        }
        operation.getJsonObject("responses").forEach(entry -> ((JsonObject) entry.getValue()).remove("content"));
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
