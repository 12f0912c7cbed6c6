package dev.wrench.http;

import dev.wrench.core.BusError;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error mapper and the one writer of error bodies: every failure of every layer
 * (validation, authentication, the bus, the database, a bug) reaches it as {@code ctx.fail(..)}, or
 * from the router's own error handlers ({@link #mount}), and becomes problem+json here. Server
 * faults are logged with their cause and shown without it: no stack trace, SQL or host name reaches
 * a client. Headers that belong to a refusal ({@code Retry-After}, {@code Allow}) are set on the
 * response by whoever refuses, before failing.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private static final Pattern PARAMETER =
      Pattern.compile("(?:of|required) (query|path|header|cookie) parameter ([A-Za-z0-9_.-]+)");

  private final Handler<RoutingContext> onForbidden;

  public FailureHandler() {
    this(ctx -> {});
  }

  /**
   * @param onForbidden told of every 403 before it is answered (the audit log of denials)
   */
  public FailureHandler(Handler<RoutingContext> onForbidden) {
    this.onForbidden = onForbidden;
  }

  /**
   * Makes this the answer to every failure of {@code router}: those of its routes, and those the
   * router raises itself before any route is chosen, which Vert.x Web gives to its error handlers
   * rather than to failure handlers: no route for the path (404), none for the method (405, with
   * the {@code Allow} header the contract gives for the path), a path it cannot decode (400).
   *
   * @param allowedMethods a path → the methods listed for it, or null for a path of no operation
   */
  public void mount(Router router, Function<String, String> allowedMethods) {
    router.route().failureHandler(this);
    router.errorHandler(
        404, ctx -> answer(ctx, new BusError(404, "not-found", "no such resource")));
    router.errorHandler(
        405,
        ctx -> {
          String allowed = allowedMethods.apply(ctx.request().path());
          if (allowed != null) {
            ctx.response().putHeader("Allow", allowed);
          }
          answer(
              ctx,
              new BusError(
                  405, "method-not-allowed", "this method is not allowed on this resource"));
        });
    // A path that cannot be decoded (a bad percent escape) fails in the router itself, before any
    // route and its failure handler.
    router.errorHandler(
        400,
        ctx ->
            answer(
                ctx,
                new BusError(
                    400,
                    "validation",
                    "the request path is malformed",
                    Problems.fieldError("/path", "is not a well-formed path"))));
    router.errorHandler(500, this);
  }

  @Override
  public void handle(RoutingContext ctx) {
    answer(ctx, ctx.failure());
  }

  /** Answers {@code ctx} with the problem that {@code failure} is. */
  private void answer(RoutingContext ctx, Throwable failure) {
    if (ctx.statusCode() == 403
        || (failure instanceof HttpException forbidden && forbidden.getStatusCode() == 403)
        || (failure instanceof BusError denied && denied.status() == 403)) {
      onForbidden.handle(ctx);
    }
    if (failure instanceof HttpException http
        && http.getCause() instanceof ValidatorException invalid) {
      validationProblem(ctx, invalid);
      return;
    }
    if (failure instanceof ValidatorException invalid) {
      validationProblem(ctx, invalid);
      return;
    }
    if (failure instanceof BusError error) {
      send(ctx, error);
      return;
    }
    if (failure instanceof ReplyException reply) {
      BusError error = BusError.fromReply(reply);
      if (error != null) {
        send(ctx, error);
      } else if (reply.failureType() == ReplyFailure.TIMEOUT
          || reply.failureType() == ReplyFailure.NO_HANDLERS) {
        LOG.warn(
            "{} {}: no answer from the bus ({})",
            ctx.request().method(),
            ctx.request().path(),
            reply.failureType());
        Problems.send(
            ctx,
            503,
            "service-unavailable",
            "a dependency did not answer in time; retry shortly",
            null);
      } else {
        internal(ctx, failure);
      }
      return;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status >= 400 && status < 500) {
      Problems.send(ctx, status, Problems.slugFor(status), clientDetail(status, failure), null);
      return;
    }
    internal(ctx, failure);
  }

  /**
   * The server's {@code invalidRequestHandler}. What Vert.x cannot parse as HTTP never reaches the
   * router: a request line or headers over the limits (414, 431) or a malformed request. There is
   * no RoutingContext to fail, only the bare request, so the problem is written here directly (no
   * request id, no instance); then the connection is closed (what follows on it cannot be trusted
   * to be a request boundary).
   */
  static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String slug;
    String detail;
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      status = 414;
      slug = "uri-too-long";
      detail = "the request line is too long";
    } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      status = 431;
      slug = "header-fields-too-large";
      detail = "the request headers are too large";
    } else {
      status = 400;
      slug = "validation";
      detail = "the request is not well-formed HTTP";
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", Problems.CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(Problems.problem(status, slug, detail, null, null).encode());
  }

  private static String clientDetail(int status, Throwable failure) {
    if (failure instanceof HttpException http && http.getPayload() != null) {
      return http.getPayload();
    }
    return switch (status) {
      case 401 -> "a valid bearer token is required";
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed on this resource";
      case 413 -> "the request body is too large";
      case 415 -> "this content type is not accepted here";
      default ->
          failure != null && failure.getMessage() != null && status == 400
              ? "the request is malformed"
              : "the request was refused";
    };
  }

  private static void internal(RoutingContext ctx, Throwable failure) {
    LOG.error(
        "{} {} failed [request {}]",
        ctx.request().method(),
        ctx.request().path(),
        RequestContextHandler.requestId(ctx),
        failure);
    Problems.send(
        ctx,
        500,
        "internal",
        "an internal error occurred; quote the request id when reporting it",
        null);
  }

  private static void send(RoutingContext ctx, BusError error) {
    Problems.send(
        ctx, error.status(), error.slug(), error.detail(), error.errors(), error.members());
  }

  private static void validationProblem(RoutingContext ctx, ValidatorException invalid) {
    if (invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      Problems.send(ctx, 415, "unsupported-media-type", "send the body as application/json", null);
      return;
    }
    String message = invalid.getMessage();
    Matcher parameter = PARAMETER.matcher(message == null ? "" : message);
    String prefix = parameter.find() ? "/" + parameter.group(1) + "/" + parameter.group(2) : "";
    JsonArray errors = new JsonArray();
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      JsonArray leaves = new JsonArray();
      collect(schema.getOutputUnit(), prefix, leaves);
      errors = specific(leaves);
    }
    if (errors.isEmpty()) {
      errors.add(
          new JsonObject()
              .put("pointer", prefix.isEmpty() ? "/" : prefix)
              .put("message", describe(invalid)));
    }
    Problems.send(ctx, 400, "validation", describe(invalid), errors);
  }

  /** The leaf errors of a JSON Schema result, each with the JSON pointer of the bad value. */
  private static void collect(OutputUnit unit, String prefix, JsonArray into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      for (OutputUnit child : unit.getErrors()) {
        collect(child, prefix, into);
      }
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    if (location.startsWith("#")) {
      location = location.substring(1);
    }
    // The schema library percent-encodes locations; a JSON Pointer is plain text.
    location = percentDecoded(location);
    String pointer = prefix + (location.isEmpty() || location.equals("/") ? "" : location);
    JsonObject entry =
        new JsonObject()
            .put("pointer", pointer.isEmpty() ? "/" : pointer)
            .put("message", plain(unit.getError()));
    if (into.size() < 20 && !into.contains(entry)) {
      into.add(entry);
    }
  }

  /**
   * The location without the schema library's percent-encoding; a location it did not encode (a
   * property name with a bare '%') is shown as it is.
   */
  private static String percentDecoded(String location) {
    try {
      return java.net.URLDecoder.decode(
          location.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return location;
    }
  }

  /**
   * JSON Schema reports a bad property three times (the property, "does not match schema", and
   * again under additionalProperties): keep the specific messages, and say plainly when a field is
   * simply not allowed.
   */
  private static JsonArray specific(JsonArray leaves) {
    JsonArray result = new JsonArray();
    for (Object item : leaves) {
      JsonObject error = (JsonObject) item;
      String pointer = error.getString("pointer");
      String message = error.getString("message");
      if (!WRAPPER.matcher(message).matches()) {
        result.add(error);
        continue;
      }
      boolean hasSpecific =
          leaves.stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  other ->
                      other.getString("pointer").equals(pointer)
                          && !WRAPPER.matcher(other.getString("message")).matches());
      boolean listed =
          result.stream()
              .map(JsonObject.class::cast)
              .anyMatch(other -> other.getString("pointer").equals(pointer));
      if (!hasSpecific && !listed) {
        result.add(
            new JsonObject()
                .put("pointer", pointer)
                .put(
                    "message",
                    message.contains("additional properties")
                        ? "is not an allowed field"
                        : "is invalid"));
      }
    }
    return result;
  }

  private static final Pattern WRAPPER =
      Pattern.compile(
          "^(Property \".*\" does not match (schema|additional properties schema)"
              + "|A subschema had errors)$");

  private static final Pattern ENUM = Pattern.compile("^Instance does not match any of (\\[.*])$");

  /** The schema library's words where they are opaque: an enum's miss lists the values. */
  private static String plain(String error) {
    Matcher notListed = ENUM.matcher(error);
    if (notListed.matches()) {
      try {
        return "must be one of "
            + new JsonArray(notListed.group(1))
                .stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
      } catch (io.vertx.core.json.DecodeException notJson) {
        return error;
      }
    }
    return error;
  }

  private static String describe(ValidatorException invalid) {
    return switch (invalid.type()) {
      case MISSING_REQUIRED_PARAMETER ->
          invalid.getMessage().contains("body")
              ? "the request body is required"
              : invalid.getMessage();
      case ILLEGAL_VALUE, INVALID_VALUE_FORMAT ->
          invalid.getMessage().contains("body")
              ? "the request body is not well-formed JSON"
              : invalid.getMessage();
      default -> invalid.getMessage().replaceAll("\\s+Reason:.*$", "");
    };
  }
}
