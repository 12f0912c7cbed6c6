package dev.wrench.auth;

import io.vertx.core.json.JsonObject;

/**
 * Brute-force policy of the password grant, per account and per client address: after {@code
 * delayAfter} failures within the window each further attempt waits longer before it is answered
 * (doubling from {@code baseDelayMillis} up to {@code maxDelayMillis}); at {@code lockoutAfter}
 * failures the subject is locked for {@code lockoutSeconds}, and even a right password is refused.
 * Unknown accounts are counted like known ones, so neither the delay nor the lock tells whether an
 * account exists. Addresses get higher thresholds: many people may share one (NAT).
 */
public record LoginThrottle(
    int accountDelayAfter,
    int accountLockoutAfter,
    int addressDelayAfter,
    int addressLockoutAfter,
    int windowSeconds,
    int lockoutSeconds,
    int baseDelayMillis,
    int maxDelayMillis) {

  /** How long to hold the answer to an attempt after these many failures. */
  public long delayMillis(int accountFailures, int addressFailures) {
    return Math.max(
        delay(accountFailures, accountDelayAfter), delay(addressFailures, addressDelayAfter));
  }

  private long delay(int failures, int after) {
    if (failures < after) {
      return 0;
    }
    int doublings = Math.min(failures - after, 20);
    return Math.min((long) baseDelayMillis << doublings, maxDelayMillis);
  }

  /** From {@code auth.login_throttle} of the checked configuration. */
  public static LoginThrottle fromJson(JsonObject json) {
    return new LoginThrottle(
        json.getInteger("account_delay_after"),
        json.getInteger("account_lockout_after"),
        json.getInteger("address_delay_after"),
        json.getInteger("address_lockout_after"),
        json.getInteger("window_seconds"),
        json.getInteger("lockout_seconds"),
        json.getInteger("base_delay_ms"),
        json.getInteger("max_delay_ms"));
  }

  /** The subject key of an account. */
  public static String account(String email) {
    return "account:" + email.toLowerCase(java.util.Locale.ROOT);
  }

  /** The subject key of a client address. */
  public static String address(String address) {
    return "address:" + address;
  }
}
