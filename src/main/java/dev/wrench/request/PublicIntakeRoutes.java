package dev.wrench.request;

import dev.wrench.auth.Secrets;
import dev.wrench.core.BusError;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.RouteContext;
import dev.wrench.ratelimit.RateLimitDecision;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of public request intake: the one place that sees link and status tokens. It makes
 * them, shows each once, and sends only their digests on the bus; it spends a token's own budget
 * before the token is looked up, so that an unknown token and a known one cost the same.
 */
final class PublicIntakeRoutes {

  private static final String LINK_TOKEN_PREFIX = "wrl_";
  private static final String STATUS_TOKEN_PREFIX = "wrs_";

  private final RequestLinkService links;
  private final RateLimiter limiter;
  private final RateLimitPolicy limits;

  PublicIntakeRoutes(RequestLinkService links, RouteContext routes) {
    this.links = links;
    this.limiter = routes.limiter();
    this.limits = routes.limits();
  }

  void mount(RouteContext routes) {
    ApiHandlers api = routes.api();
    routes.handle("createRequestLink", this::createLink);
    routes.handle("listRequestLinks", api.get(links::list));
    routes.handle("revokeRequestLink", api.remove(links::revoke));
    routes.handle("submitPublicRequest", this::submit);
    routes.handle("getPublicRequestStatus", status());
  }

  private void createLink(RoutingContext ctx) {
    String token = Secrets.random(LINK_TOKEN_PREFIX);
    links
        .create(
            ApiHandlers.actor(ctx),
            ApiHandlers.pathId(ctx),
            new JsonObject().put("token_hash", Secrets.digest(token)))
        .onFailure(ctx::fail)
        .onSuccess(
            link ->
                ApiHandlers.json(
                    ctx,
                    201,
                    new JsonObject()
                        .put("id", link.getString("id"))
                        .put("asset_id", link.getString("asset_id"))
                        .put("token", token)
                        .put("created_at", link.getString("created_at"))
                        .put("revoked_at", link.getString("revoked_at"))));
  }

  private void submit(RoutingContext ctx) {
    JsonObject body = ApiHandlers.body(ctx);
    String tokenHash = Secrets.digest(body.getString("token"));
    limiter
        .take(limits.publicRequestTokenBudget(tokenHash), limits.publicRequestTokenWindowMillis())
        .onSuccess(
            decision -> {
              if (!decision.allowed()) {
                refuse(ctx, decision);
                return;
              }
              file(ctx, body, tokenHash);
            });
  }

  private void file(RoutingContext ctx, JsonObject body, String tokenHash) {
    String statusToken = Secrets.random(STATUS_TOKEN_PREFIX);
    links
        .submit(
            new JsonObject()
                .put("token_hash", tokenHash)
                .put("status_token_hash", Secrets.digest(statusToken))
                .put("title", body.getString("title"))
                .put("description", body.getString("description"))
                .put("contact", body.getString("contact")))
        .onFailure(ctx::fail)
        .onSuccess(
            request -> {
              ctx.response().putHeader("Location", "/public/requests/" + request.getString("id"));
              ApiHandlers.json(
                  ctx,
                  201,
                  new JsonObject()
                      .put("id", request.getString("id"))
                      .put("number", request.getString("number"))
                      .put("status", request.getString("status"))
                      .put("created_at", request.getString("created_at"))
                      .put("status_token", statusToken));
            });
  }

  /**
   * The token's budget is spent: its headers replace the address budget's (the one that refused),
   * and the answer is the 429 of every other limit.
   */
  private static void refuse(RoutingContext ctx, RateLimitDecision decision) {
    String reset = Long.toString(decision.resetSeconds());
    ctx.response()
        .putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
        .putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
        .putHeader("X-RateLimit-Reset", reset)
        .putHeader("Retry-After", reset);
    ctx.fail(
        new BusError(
            429,
            "rate-limited",
            "more than "
                + decision.limit()
                + " requests with this link in its window; retry after "
                + reset
                + " seconds"));
  }

  private Handler<RoutingContext> status() {
    return ctx -> {
      String statusToken = ApiHandlers.query(ctx).getString("status_token");
      if (statusToken == null) {
        ctx.fail(BusError.notFound("request"));
        return;
      }
      links
          .status(ApiHandlers.pathId(ctx), Secrets.digest(statusToken))
          .onFailure(ctx::fail)
          .onSuccess(page -> ApiHandlers.json(ctx, 200, page));
    };
  }
}
