package dev.wrench.auth;

import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.UUID;

/**
 * Authenticates {@code Authorization: ApiKey <key>}: the key's SHA-256 is looked up by the database
 * verticle on every request, so that a revoked, rotated or expired key stops working at once.
 */
public final class ApiKeys {

  public static final String PREFIX = "wrk_";
  private static final String SCHEME = "ApiKey ";

  private final ApiKeyAuthentication keys;

  public ApiKeys(EventBus bus, long timeoutMillis) {
    this.keys =
        BusClient.of(
            bus, ApiKeyAuthentication.class, new DeliveryOptions().setSendTimeout(timeoutMillis));
  }

  /** The key of an {@code Authorization: ApiKey} header, or null. */
  public static String apiKey(String authorization) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String key = authorization.substring(SCHEME.length()).trim();
    return key.isEmpty() || key.length() > 200 ? null : key;
  }

  /** The principal of a live key; fails when the key is unknown, revoked or expired. */
  public Future<TokenService.Verified> authenticate(String key) {
    return keys.authenticate(Secrets.digest(key))
        .map(
            principal -> {
              Actor actor =
                  new Actor(
                      UUID.fromString(principal.getString("user_id")),
                      UUID.fromString(principal.getString("org_id")),
                      principal.getString("role"),
                      principal.getBoolean("site_scoped", false));
              Long expires = principal.getLong("expires_at");
              return new TokenService.Verified(
                  actor,
                  expires == null ? Long.MAX_VALUE : expires,
                  java.util.Set.copyOf(
                      principal.getJsonArray("scopes").stream().map(String::valueOf).toList()));
            });
  }
}
