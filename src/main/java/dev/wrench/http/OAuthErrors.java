package dev.wrench.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The error answers of the OAuth endpoints, in RFC 6749's shape ({@code error}, {@code
 * error_description}) rather than problem+json: whichever layer refuses a token request (a
 * malformed form as much as a wrong password) answers this way, so the shape lives here.
 */
public final class OAuthErrors {

  /** The token endpoint and the revocation endpoint (RFC 7009). */
  public static final java.util.Set<String> PATHS =
      java.util.Set.of("/oauth/token", "/oauth/revoke");

  private OAuthErrors() {}

  public static void send(RoutingContext ctx, int status, String error, String description) {
    ApiHandlers.json(
        ctx, status, new JsonObject().put("error", error).put("error_description", description));
  }
}
