package dev.wrench.http;

import dev.wrench.http.openapi.RouterContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The contract as the router sees it. {@code openapi/wrench.yaml} is the document clients get; the
 * router is built from a copy that vertx-openapi 5.0.x can read ({@link RouterContract}: what is
 * rewritten and why). {@link #handValidated()} lists the operations whose body the handler checks
 * itself.
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
    return read(vertx, PATH);
  }

  /** As {@link #read(Vertx)}, for the document at {@code path}. */
  public static Future<Source> read(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .compose(
            document -> RouterContract.parse(vertx, path).map(raw -> new Source(document, raw)));
  }

  public static Future<Contract> load(Vertx vertx) {
    return read(vertx).compose(source -> from(vertx, source));
  }

  /** The contract of a document already read; {@code source} is not changed. */
  public static Future<Contract> from(Vertx vertx, Source source) {
    JsonObject raw = source.raw();
    Set<String> handValidated = new HashSet<>();
    Map<String, Set<String>> produces = successMediaTypes(raw);
    JsonObject routerCopy = RouterContract.forRouter(raw.copy(), handValidated);
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
}
