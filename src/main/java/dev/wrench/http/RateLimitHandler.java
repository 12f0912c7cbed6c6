package dev.wrench.http;

import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.VerifiedTokens;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.ratelimit.RateLimitDecision;
import dev.wrench.ratelimit.RateLimitPolicy;
import dev.wrench.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Second on every request, so that every response carries {@code X-RateLimit-Limit}, {@code
 * -Remaining} and {@code -Reset}, errors included, and a refused request costs nothing more: {@code
 * 429} with {@code Retry-After} and a problem body. It runs before the body is read and before
 * validation, so malformed requests and failed log-ins spend budget too.
 *
 * <p>The budget is the principal's when the request carries a valid bearer token (verified here,
 * then reused by the bearer handler from {@link VerifiedTokens}) or an API key that authenticated
 * on this instance before, else the client address's; requests with a bad token or an unknown key
 * spend their address's. The request is paused while the limiter answers and resumed by the body
 * handler.
 */
final class RateLimitHandler implements PlatformHandler {

  private final RateLimitPolicy policy;
  private final RateLimiter limiter;
  private final VerifiedTokens tokens;
  // The operations with a budget of their own.
  private final RouteTemplates routes;
  private final Counter refusedPrincipals;
  private final Counter refusedAddresses;

  /** {@code wrench_rate_limit_refusals_total{by}}: 429s, by what the budget belongs to. */
  private static Counter refusals(MeterRegistry meters, String by) {
    return Counter.builder("wrench.rate.limit.refusals")
        .description("Requests refused with 429, by the owner of the spent budget")
        .tag("by", by)
        .register(meters);
  }

  RateLimitHandler(
      RateLimitPolicy policy,
      RateLimiter limiter,
      VerifiedTokens tokens,
      RouteTemplates routes,
      MeterRegistry meters) {
    this.refusedPrincipals = refusals(meters, "principal");
    this.refusedAddresses = refusals(meters, "address");
    this.policy = policy;
    this.limiter = limiter;
    this.tokens = tokens;
    this.routes = routes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String token = VerifiedTokens.bearerToken(authorization);
    if (token == null) {
      String apiKey = ApiKeys.apiKey(authorization);
      limit(ctx, apiKey == null ? null : tokens.apiKeyPrincipal(apiKey));
      return;
    }
    Actor actor = tokens.cached(token);
    if (actor == null) {
      pause(ctx.request());
      tokens.verify(token).otherwise((Actor) null).onSuccess(verified -> limit(ctx, verified));
      return;
    }
    limit(ctx, actor);
  }

  private void limit(RoutingContext ctx, Actor actor) {
    if (actor != null) {
      // The access log names who spent the budget, also on a 429 (refused before the bearer
      // handler ran).
      ctx.put(RequestLog.PRINCIPAL_KEY, actor);
    }
    RateLimitPolicy.Budget budget =
        policy.budgetFor(routes.operationOf(ctx.request()), actor, ClientAddresses.of(ctx));
    Future<RateLimitDecision> decision = limiter.take(budget);
    if (!decision.isComplete()) {
      pause(ctx.request());
    }
    decision.onSuccess(d -> apply(ctx, d, actor != null));
  }

  private static void pause(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.pause();
    }
  }

  private void apply(RoutingContext ctx, RateLimitDecision decision, boolean principal) {
    String reset = Long.toString(decision.resetSeconds());
    ctx.response()
        .putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
        .putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
        .putHeader("X-RateLimit-Reset", reset);
    if (decision.allowed()) {
      ctx.next();
      return;
    }
    (principal ? refusedPrincipals : refusedAddresses).increment();
    // The body, if any, is not wanted: let it drain.
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    // Set here, kept by the failure handler, which writes the problem.
    ctx.response().putHeader("Retry-After", reset);
    ctx.fail(
        new BusError(
            429,
            "rate-limited",
            "more than "
                + decision.limit()
                + " requests in the window; retry after "
                + reset
                + " seconds"));
  }
}
