package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.Permissions;
import dev.wrench.core.BusError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs before each operation's handler: every query parameter must be one the operation declares
 * (400: an unknown filter is never silently ignored), and a non-public operation must have an
 * authenticated caller.
 */
final class OperationGuard implements Handler<RoutingContext> {

  private final String operationId;
  private final Permissions permissions;
  private final Set<String> queryParameters;

  /** Parameters that take one value: sent twice, the request is ambiguous. */
  private final Set<String> singleValued;

  /** The media types of the operation's success responses, for {@code Accept} (406). */
  private final Set<String> produces;

  OperationGuard(Operation operation, Permissions permissions, Set<String> produces) {
    this.produces = produces;
    this.operationId = operation.getOperationId();
    this.permissions = permissions;
    this.queryParameters =
        operation.getParameters().stream()
            .filter(p -> p.getIn() == Location.QUERY)
            .map(Parameter::getName)
            .collect(Collectors.toUnmodifiableSet());
    this.singleValued =
        operation.getParameters().stream()
            .filter(p -> p.getIn() == Location.QUERY && p.getSchemaType() != SchemaType.ARRAY)
            .map(Parameter::getName)
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!queryParameters.contains(name)) {
        ctx.fail(
            new BusError(
                400,
                "validation",
                "unknown query parameter '" + name + "'",
                Problems.fieldError("/query/" + name, "is not a parameter of this operation")));
        return;
      }
      if (singleValued.contains(name) && ctx.queryParams().getAll(name).size() > 1) {
        ctx.fail(
            new BusError(
                400,
                "validation",
                "query parameter '" + name + "' takes one value",
                Problems.fieldError("/query/" + name, "is given more than once")));
        return;
      }
    }
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && !produces.isEmpty() && !acceptsAny(accept, produces)) {
      ctx.fail(
          new BusError(
              406,
              "not-acceptable",
              "this operation answers with " + String.join(" or ", produces)));
      return;
    }
    // Second line of the matrix: the bearer handler has checked the role; a route without one must
    // be public.
    if (!permissions.isPublic(operationId) && BearerTokenHandler.actor(ctx) == null) {
      // The failure handler adds WWW-Authenticate to every 401.
      ctx.fail(new BusError(401, "unauthorized", "a valid bearer token is required"));
      return;
    }
    ctx.next();
  }

  /** Whether an {@code Accept} header admits one of {@code produced} (q=0 excludes a range). */
  static boolean acceptsAny(String accept, Set<String> produced) {
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      boolean refused = false;
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].trim().replace(" ", "").matches("q=0(\\.0{0,3})?")) {
          refused = true;
        }
      }
      if (refused || type.isEmpty()) {
        continue;
      }
      if (type.equals("*/*")) {
        return true;
      }
      for (String media : produced) {
        if (type.equals(media)
            || (type.endsWith("/*") && media.startsWith(type.substring(0, type.length() - 1)))) {
          return true;
        }
      }
    }
    return false;
  }
}
