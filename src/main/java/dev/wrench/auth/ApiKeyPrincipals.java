package dev.wrench.auth;

import dev.wrench.core.Actor;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The principals of the API keys that authenticated in this process, by the key's digest, for the
 * rate limiter only: it runs before the key is looked up, and spends a known key's requests on its
 * principal's budget. Never consulted to authenticate (every request still looks its key up, so
 * that revocation takes effect at once). One per process, shared by the HTTP verticles (whichever
 * event loop a connection lands on), bounded, least recently used out first.
 */
public final class ApiKeyPrincipals implements Shareable {

  private static final String KEY = "auth.api-key-principals";

  private final Map<String, Actor> principals;

  private ApiKeyPrincipals(int size) {
    this.principals =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Actor> eldest) {
            return size() > size;
          }
        };
  }

  /** The process's instance, kept in {@code runtime} (a shared local map). */
  public static ApiKeyPrincipals of(LocalMap<String, Object> runtime, int size) {
    runtime.putIfAbsent(KEY, new ApiKeyPrincipals(size));
    return (ApiKeyPrincipals) runtime.get(KEY);
  }

  /** The principal of a key that authenticated before, or null. */
  public Actor principal(String key) {
    String digest = Secrets.digest(key);
    synchronized (principals) {
      return principals.get(digest);
    }
  }

  /** After the key authenticated as {@code actor}, or failed ({@code actor} null). */
  public void authenticated(String key, Actor actor) {
    String digest = Secrets.digest(key);
    synchronized (principals) {
      if (actor == null) {
        principals.remove(digest);
      } else {
        principals.put(digest, actor);
      }
    }
  }
}
