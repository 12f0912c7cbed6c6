package dev.wrench.http;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The conditional side of a PATCH: the {@code If-Match} it requires, the {@code ETag} it answers.
 */
final class Preconditions {

  private Preconditions() {}

  /**
   * The version of a required {@code If-Match}, null for {@code *} (any version); a missing header
   * is a 428 and a malformed one a 400, thrown for the handler to fail the request with.
   */
  static Integer requiredIfMatch(RoutingContext ctx) {
    String ifMatch = ctx.request().getHeader("If-Match");
    if (ifMatch == null) {
      throw new BusError(
          428,
          "precondition-required",
          "send If-Match with the version you are changing (the ETag of your copy)");
    }
    return EntityTags.ifMatch(ifMatch);
  }

  /** 200 with the changed resource and its new {@code ETag}. */
  static void changed(RoutingContext ctx, JsonObject changed) {
    String etag = EntityTags.of(changed);
    if (etag != null) {
      ctx.response().putHeader("ETag", etag);
    }
    ApiHandlers.json(ctx, 200, changed);
  }
}
