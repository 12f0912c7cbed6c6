package dev.wrench.auth;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts access tokens of an external identity provider (Keycloak, Auth0, Entra ID): RS256 tokens
 * whose {@code iss} is the configured issuer, verified with the provider's JWKS (fetched over HTTP,
 * refreshed when a token names an unknown key, at most every {@code minRefreshMillis}), checked for
 * {@code aud}, {@code exp} and {@code nbf}. The organization and the role come from configured
 * claims (dotted paths such as {@code realm_access.roles}; a list takes its most privileged role
 * that maps); the subject becomes the user id (itself when it is a UUID, else a name-based UUID of
 * issuer and subject, so that one person is always the same principal).
 */
public final class ExternalIdentityProvider {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalIdentityProvider.class);
  private static final int LEEWAY_SECONDS = 5;

  /** The configuration: {@code roles} maps a provider's role value to a Wrench role. */
  public record Settings(
      String issuer,
      String jwksUrl,
      String audience,
      String orgClaim,
      String roleClaim,
      Map<String, String> roles,
      int minRefreshSeconds) {

    public Settings {
      roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
    }

    /** From {@code auth.external} of the checked configuration. */
    public static Settings fromJson(JsonObject json) {
      Map<String, String> roles = new HashMap<>();
      json.getJsonObject("roles").forEach(e -> roles.put(e.getKey(), String.valueOf(e.getValue())));
      return new Settings(
          json.getString("issuer"),
          json.getString("jwks_url"),
          json.getString("audience"),
          json.getString("org_claim"),
          json.getString("role_claim"),
          Map.copyOf(roles),
          json.getInteger("min_refresh_seconds"));
    }

    /** Disabled while no issuer is configured. */
    public boolean enabled() {
      return issuer != null && !issuer.isBlank();
    }

    /** With Wrench's own audience ({@code auth.audience}) when none of its own is configured. */
    public Settings withDefaultAudience(String wrenchAudience) {
      return audience == null || audience.isBlank()
          ? new Settings(
              issuer, jwksUrl, wrenchAudience, orgClaim, roleClaim, roles, minRefreshSeconds)
          : this;
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final HttpClient client;
  private final RequestOptions jwksRequest;
  private Map<String, JWTAuth> verifiers = Map.of();
  private Future<Void> loading;
  private long lastLoad;

  public ExternalIdentityProvider(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.client =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
    this.jwksRequest =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(settings.jwksUrl())
            .setTimeout(5_000);
  }

  public String issuer() {
    return settings.issuer();
  }

  /** Whether {@code claims} (read without verification, to route the token) are this provider's. */
  public boolean issued(JsonObject claims) {
    return settings.issuer().equals(claims.getString("iss"));
  }

  public Future<TokenService.Verified> verify(String token, JsonObject header) {
    if (!"RS256".equals(header.getString("alg")) || header.getString("kid") == null) {
      return Future.failedFuture(new IllegalArgumentException("unsupported token header"));
    }
    String kid = header.getString("kid");
    JWTAuth verifier = verifiers.get(kid);
    Future<JWTAuth> ready =
        verifier != null
            ? Future.succeededFuture(verifier)
            : reload()
                .map(
                    v -> {
                      JWTAuth loaded = verifiers.get(kid);
                      if (loaded == null) {
                        throw new IllegalArgumentException("unknown key " + kid);
                      }
                      return loaded;
                    });
    return ready
        .compose(auth -> auth.authenticate(new TokenCredentials(token)))
        .map(user -> toVerified(user.attributes().getJsonObject("accessToken")));
  }

  private TokenService.Verified toVerified(JsonObject claims) {
    long now = System.currentTimeMillis() / 1000;
    Long notBefore = claims.getLong("nbf");
    if (notBefore != null && notBefore > now + LEEWAY_SECONDS) {
      throw new IllegalArgumentException("token is not valid yet");
    }
    Long expires = claims.getLong("exp");
    if (expires == null) {
      throw new IllegalArgumentException("token has no exp");
    }
    UUID org = UUID.fromString(String.valueOf(claim(claims, settings.orgClaim())));
    String role = role(claim(claims, settings.roleClaim()));
    if (role == null) {
      throw new IllegalArgumentException("token carries no role that maps to a Wrench role");
    }
    String subject = claims.getString("sub");
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("token has no sub");
    }
    return new TokenService.Verified(
        new Actor(userId(subject), org, role), expires, Set.of(Scopes.API));
  }

  private UUID userId(String subject) {
    try {
      UUID uuid = UUID.fromString(subject);
      if (uuid.toString().equalsIgnoreCase(subject)) {
        return uuid;
      }
    } catch (IllegalArgumentException notUuid) {
      // fall through
    }
    return UUID.nameUUIDFromBytes(
        (settings.issuer() + "|" + subject).getBytes(StandardCharsets.UTF_8));
  }

  /** The most privileged Wrench role among the claim's values (a string or a list). */
  private String role(Object value) {
    List<String> values =
        value instanceof JsonArray array
            ? array.stream().map(String::valueOf).toList()
            : value == null ? List.of() : List.of(String.valueOf(value));
    for (String wrench : Permissions.ROLES) {
      for (String candidate : values) {
        if (wrench.equals(settings.roles().getOrDefault(candidate, rolesOrSelf(candidate)))) {
          return wrench;
        }
      }
    }
    return null;
  }

  /** Without a role map the provider's values are Wrench's role names themselves. */
  private String rolesOrSelf(String candidate) {
    return settings.roles().isEmpty() ? candidate : null;
  }

  private static Object claim(JsonObject claims, String path) {
    Object node = claims;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }

  /**
   * Fetches the JWKS again, unless it was fetched within the minimum interval: an attacker sending
   * tokens with made-up key ids cannot make Wrench hammer the provider.
   */
  private Future<Void> reload() {
    if (loading != null && !loading.isComplete()) {
      return loading;
    }
    long now = System.currentTimeMillis();
    if (now - lastLoad < settings.minRefreshSeconds() * 1000L) {
      return Future.succeededFuture();
    }
    lastLoad = now;
    loading =
        client
            .request(jwksRequest)
            .compose(request -> request.send())
            .compose(
                response -> {
                  if (response.statusCode() != 200) {
                    return Future.failedFuture(
                        new IllegalStateException("JWKS answered " + response.statusCode()));
                  }
                  return response.body();
                })
            .map(
                body -> {
                  Map<String, JWTAuth> loaded = new HashMap<>();
                  for (Object item : body.toJsonObject().getJsonArray("keys", new JsonArray())) {
                    JsonObject jwk = (JsonObject) item;
                    String kid = jwk.getString("kid");
                    if (kid == null || !"RSA".equals(jwk.getString("kty"))) {
                      continue;
                    }
                    if (jwk.getString("use") != null && !"sig".equals(jwk.getString("use"))) {
                      continue;
                    }
                    loaded.put(kid, JWTAuth.create(vertx, options(jwk.copy().put("alg", "RS256"))));
                  }
                  verifiers = Map.copyOf(loaded);
                  return (Void) null;
                })
            .onFailure(
                e ->
                    LOG.warn(
                        "Fetching the JWKS of {} failed: {}", settings.issuer(), e.getMessage()));
    return loading;
  }

  private JWTAuthOptions options(JsonObject jwk) {
    return new JWTAuthOptions()
        .addJwk(jwk)
        .setJWTOptions(
            new JWTOptions()
                .setIssuer(settings.issuer())
                .setAudience(List.of(settings.audience()))
                .setLeeway(LEEWAY_SECONDS));
  }
}
