package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.auth.Permissions;
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

  OperationGuard(Operation operation, Permissions permissions) {
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
        Problems.send(
            ctx,
            400,
            "validation",
            "unknown query parameter '" + name + "'",
            Problems.fieldError("/query/" + name, "is not a parameter of this operation"));
        return;
      }
      if (singleValued.contains(name) && ctx.queryParams().getAll(name).size() > 1) {
        Problems.send(
            ctx,
            400,
            "validation",
            "query parameter '" + name + "' takes one value",
            Problems.fieldError("/query/" + name, "is given more than once"));
        return;
      }
    }
    // Second line of the matrix: the bearer handler has checked the role; a route without one must
    // be public.
    if (!permissions.isPublic(operationId) && BearerTokenHandler.actor(ctx) == null) {
      Problems.send(ctx, 401, "unauthorized", "a valid bearer token is required", null);
      return;
    }
    ctx.next();
  }
}
