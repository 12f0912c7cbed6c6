package dev.wrench.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The route template of a request ({@code /api/v1/work-orders/:id}), for the access log when the
 * response came from the failure handler and Vert.x Web no longer says which route matched.
 */
final class RouteTemplates {

  private record Template(HttpMethod method, Pattern path, String template) {}

  private final List<Template> templates = new ArrayList<>();

  RouteTemplates(OpenAPIContract contract) {
    for (Operation operation : contract.operations()) {
      String path = operation.getOpenAPIPath();
      templates.add(
          new Template(
              operation.getHttpMethod(),
              Pattern.compile("^" + path.replaceAll("\\{[^}]+}", "[^/]+") + "$"),
              path.replaceAll("\\{([^}]+)}", ":$1")));
    }
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
