package dev.wrench.auth;

import io.vertx.core.http.HttpMethod;
import java.util.Collection;
import java.util.Set;

/**
 * The scopes a token, client or API key may carry: {@code api}, everything the role allows, and
 * {@code read}, only the reads (GET) the role allows. The role is checked first, so a scope can
 * only narrow what a principal may do, never widen it.
 */
public final class Scopes {

  private Scopes() {}

  public static final String API = "api";
  public static final String READ = "read";
  public static final Set<String> ALL = Set.of(API, READ);

  /** Whether {@code scopes} let a request with {@code method} through. */
  public static boolean permit(Collection<String> scopes, HttpMethod method) {
    if (scopes.contains(API)) {
      return true;
    }
    return scopes.contains(READ) && (method == HttpMethod.GET || method == HttpMethod.HEAD);
  }

  /** Whether {@code granted} covers every scope of {@code requested} ({@code api} covers read). */
  public static boolean covers(Collection<String> granted, Collection<String> requested) {
    for (String scope : requested) {
      if (!granted.contains(scope) && !(scope.equals(READ) && granted.contains(API))) {
        return false;
      }
    }
    return true;
  }
}
