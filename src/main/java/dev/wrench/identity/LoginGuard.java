package dev.wrench.identity;

import dev.wrench.auth.LoginThrottle;
import dev.wrench.bus.BusClient;
import dev.wrench.http.AuditLog;
import dev.wrench.http.ClientAddresses;
import dev.wrench.http.OAuthErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the {@link LoginThrottle} to the password grant: before the credentials are checked, a
 * locked account or address is refused and a suspicious one is answered late; afterwards the
 * outcome is counted. The counts live in PostgreSQL, so every instance sees the same.
 */
public final class LoginGuard {

  /** The attempt was refused and answered already. */
  static final class Refused extends RuntimeException {
    Refused() {
      super("log-in refused: locked", null, false, false);
    }
  }

  private final Vertx vertx;
  private final LoginThrottle policy;
  private final DeliveryOptions delivery;
  private final LoginFailureService failures;
  private final AuditLog audit;

  public LoginGuard(Vertx vertx, LoginThrottle policy, AuditLog audit, long timeoutMillis) {
    this.vertx = vertx;
    this.policy = policy;
    this.audit = audit;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.failures = BusClient.of(vertx.eventBus(), LoginFailureService.class, delivery);
  }

  /**
   * Completes (after the delay the failures so far call for) when the attempt may be checked; when
   * the account or the address is locked, answers {@code invalid_grant} and fails with {@link
   * Refused}. The answer is the same whether or not the account exists.
   */
  Future<Void> admit(RoutingContext ctx, String username) {
    String account = LoginThrottle.account(username);
    String address = LoginThrottle.address(ClientAddresses.of(ctx));
    JsonObject request =
        new JsonObject()
            .put("subjects", new JsonArray().add(account).add(address))
            .put("window_seconds", policy.windowSeconds());
    return failures
        .state(request)
        .compose(
            reply -> {
              JsonObject state = reply;
              if (state.getLong("locked_until") != null) {
                long retry =
                    Math.max(1, state.getLong("locked_until") - System.currentTimeMillis() / 1000);
                audit.record(
                    audit
                        .event(ctx, "auth.login", "denied", null)
                        .put("subject", username)
                        .put("details", new JsonObject().put("reason", "locked")));
                ctx.response().putHeader("Retry-After", Long.toString(retry));
                OAuthErrors.send(
                    ctx,
                    400,
                    "invalid_grant",
                    "too many failed log-ins; try again in " + retry + " seconds");
                return Future.failedFuture(new Refused());
              }
              JsonObject failures = state.getJsonObject("failures");
              long delay =
                  policy.delayMillis(
                      failures.getInteger(account, 0), failures.getInteger(address, 0));
              if (delay == 0) {
                return Future.succeededFuture();
              }
              Promise<Void> later = Promise.promise();
              vertx.setTimer(delay, id -> later.complete());
              return later.future();
            });
  }

  /** Counts a failed attempt for the account and the address (locking those at the threshold). */
  Future<Void> failed(RoutingContext ctx, String username) {
    audit.record(audit.event(ctx, "auth.login", "failure", null).put("subject", username));
    JsonObject request =
        new JsonObject()
            .put(
                "subjects",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("subject", LoginThrottle.account(username))
                            .put("lockout_after", policy.accountLockoutAfter()))
                    .add(
                        new JsonObject()
                            .put("subject", LoginThrottle.address(ClientAddresses.of(ctx)))
                            .put("lockout_after", policy.addressLockoutAfter())))
            .put("window_seconds", policy.windowSeconds())
            .put("lockout_seconds", policy.lockoutSeconds());
    return failures.recordFailure(request).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** A successful log-in forgets the account's failures (not the address's). */
  Future<Void> succeeded(RoutingContext ctx, String username, dev.wrench.core.Actor actor) {
    audit.record(audit.event(ctx, "auth.login", "success", actor).put("subject", username));
    return failures
        .clear(new JsonObject().put("subject", LoginThrottle.account(username)))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  /** Fails the request unless the guard has answered it already. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (!(e instanceof Refused)) {
      ctx.fail(e);
    }
  }
}
