package dev.wrench.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which operation of the contract a request is for, by method and path, outside the router: the
 * rate limiter needs it before routing, and the access log after a failure, when Vert.x Web no
 * longer says which route matched. Built for all operations or only some (the rate-limited ones, so
 * that the limiter tries a few patterns per request, not all).
 */
final class RouteTemplates {

  private record Template(HttpMethod method, Pattern path, String template, String operationId) {}

  private final List<Template> templates = new ArrayList<>();

  /** Every operation of the contract. */
  RouteTemplates(OpenAPIContract contract) {
    contract.operations().forEach(this::add);
  }

  /** Only {@code operationIds}; an id the contract does not have is a configuration error. */
  RouteTemplates(OpenAPIContract contract, Collection<String> operationIds, String configKey) {
    for (String operationId : operationIds) {
      Operation operation = contract.operation(operationId);
      if (operation == null) {
        throw new IllegalStateException(
            configKey + "." + operationId + " is not an operationId of " + Contract.PATH);
      }
      add(operation);
    }
  }

  private void add(Operation operation) {
    String path = operation.getOpenAPIPath();
    templates.add(
        new Template(
            operation.getHttpMethod(),
            Pattern.compile("^" + path.replaceAll("\\{[^}]+}", "[^/]+") + "$"),
            path.replaceAll("\\{([^}]+)}", ":$1"),
            operation.getOperationId()));
  }

  /** The operationId of the request; null when it is for none of these operations. */
  String operationOf(HttpServerRequest request) {
    String path = request.path();
    for (Template t : templates) {
      if (t.method().equals(request.method()) && path != null && t.path().matcher(path).matches()) {
        return t.operationId();
      }
    }
    return null;
  }

  /** The template of the operation the request is for; {@code -} for a path of no operation. */
  String of(HttpServerRequest request) {
    String path = request.path();
    String anyMethod = null;
    for (Template t : templates) {
      if (path != null && t.path().matcher(path).matches()) {
        if (t.method().equals(request.method())) {
          return t.template();
        }
        anyMethod = t.template();
      }
    }
    // A 405 is still about that path.
    return anyMethod == null ? "-" : anyMethod;
  }
}
