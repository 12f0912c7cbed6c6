package dev.wrench.auth;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies RS256 access tokens. A token is checked for its header first ({@code alg}
 * must be RS256 and {@code kid} one of the trusted keys: {@code none}, HS256 made with the public
 * key and unknown keys are refused before any cryptography), then for its signature with exactly
 * that key, {@code exp}, {@code nbf}, {@code iss} and {@code aud}.
 *
 * <p>Several keys are trusted at once during a key rotation: tokens are signed with the current key
 * and verified with any of them, so tokens signed before the rotation stay valid until they expire.
 */
public final class TokenService {

  public static final String ORG_CLAIM = "org_id";
  public static final String ROLE_CLAIM = "role";
  public static final String SCOPE_CLAIM = "scope";
  public static final String CLIENT_CLAIM = "client_id";
  public static final String PLATFORM_ADMIN_CLAIM = "platform_admin";

  /**
   * The user is limited to some sites: their reads skip the shared cache (the database enforces
   * which sites). A user's sites are fixed when the user is made, so the claim cannot go stale.
   */
  public static final String SITE_SCOPED_CLAIM = "site_scoped";

  private static final String ALGORITHM = "RS256";
  private static final int LEEWAY_SECONDS = 5;

  /** A key pair by id; the private half only for the key that signs. */
  public record Key(String kid, String privatePem, String publicPem) {
    @Override
    public String toString() {
      return "Key[kid=" + kid + "]";
    }
  }

  private final JWTAuth signer;
  private final Map<String, JWTAuth> verifiers = new LinkedHashMap<>();
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final String keyId;
  private ExternalIdentityProvider external;

  /**
   * @param signing the current key, with its private half
   * @param alsoTrusted keys whose tokens are still accepted (the previous key, a staged next one)
   */
  public TokenService(
      Vertx vertx,
      Key signing,
      List<Key> alsoTrusted,
      String issuer,
      String audience,
      int ttlSeconds) {
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.keyId = signing.kid();
    this.signer =
        JWTAuth.create(
            vertx,
            options(signing)
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(ALGORITHM)
                        .setId(signing.kid())
                        .setBuffer(signing.privatePem())));
    verifiers.put(signing.kid(), signer);
    for (Key key : alsoTrusted) {
      verifiers.putIfAbsent(key.kid(), JWTAuth.create(vertx, options(key)));
    }
  }

  private JWTAuthOptions options(Key key) {
    return new JWTAuthOptions()
        .addPubSecKey(
            new PubSecKeyOptions()
                .setAlgorithm(ALGORITHM)
                .setId(key.kid())
                .setBuffer(key.publicPem()))
        .setJWTOptions(
            new JWTOptions()
                .setIssuer(issuer)
                .setAudience(List.of(audience))
                .setLeeway(LEEWAY_SECONDS));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(Actor actor) {
    return issue(actor, "api", null);
  }

  /**
   * A token for {@code actor} with {@code scope} (space-separated); {@code clientId} names the
   * OAuth client it was issued to, or null.
   */
  public String issue(Actor actor, String scope, String clientId) {
    return issue(actor, scope, clientId, false);
  }

  /**
   * Like {@link #issue(Actor, String, String)}, also saying whether the user is a platform admin.
   */
  public String issue(Actor actor, String scope, String clientId, boolean platformAdmin) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put(ORG_CLAIM, actor.orgId().toString())
            .put(ROLE_CLAIM, actor.role())
            .put(SCOPE_CLAIM, scope)
            .put("nbf", now)
            .put("jti", UUID.randomUUID().toString());
    if (clientId != null) {
      claims.put(CLIENT_CLAIM, clientId);
    }
    if (platformAdmin) {
      claims.put(PLATFORM_ADMIN_CLAIM, true);
    }
    if (actor.siteScoped()) {
      claims.put(SITE_SCOPED_CLAIM, true);
    }
    JWTOptions options =
        new JWTOptions()
            .setAlgorithm(ALGORITHM)
            .setHeader(new JsonObject().put("kid", keyId))
            .setIssuer(issuer)
            .setAudience(List.of(audience))
            .setSubject(actor.userId().toString())
            .setExpiresInSeconds(ttlSeconds);
    return signer.generateToken(claims, options);
  }

  /**
   * The verified caller, the token's expiry (epoch seconds), its scopes, and whether the caller is
   * a platform admin (only Wrench's own tokens of a user who is one say so).
   */
  public record Verified(Actor actor, long expiresAt, Set<String> scopes, boolean platformAdmin) {
    public Verified {
      scopes = Set.copyOf(scopes);
    }

    public Verified(Actor actor, long expiresAt, Set<String> scopes) {
      this(actor, expiresAt, scopes, false);
    }
  }

  /** Also accept the tokens of an external identity provider (routed by their {@code iss}). */
  public TokenService withExternal(ExternalIdentityProvider provider) {
    this.external = provider;
    return this;
  }

  public Future<Verified> verify(String token) {
    JsonObject header;
    JsonObject unverifiedClaims;
    try {
      String[] parts = token.split("\\.", -1);
      if (parts.length != 3) {
        return refused();
      }
      header = json(parts[0]);
      unverifiedClaims = json(parts[1]);
    } catch (RuntimeException malformed) {
      return refused();
    }
    // The claims are read before verification only to choose the verifier; the verifier checks
    // iss again.
    if (external != null && external.issued(unverifiedClaims)) {
      return external.verify(token, header);
    }
    JWTAuth verifier = verifierFor(header);
    if (verifier == null) {
      return refused();
    }
    return verifier
        .authenticate(new TokenCredentials(token))
        .map(
            user -> {
              // vertx-auth-jwt keeps the verified claims in the user's attributes, not its
              // principal.
              JsonObject claims = user.attributes().getJsonObject("accessToken");
              long now = System.currentTimeMillis() / 1000;
              Long notBefore = claims.getLong("nbf");
              if (notBefore != null && notBefore > now + LEEWAY_SECONDS) {
                throw new IllegalArgumentException("token is not valid yet");
              }
              Actor actor =
                  new Actor(
                      UUID.fromString(claims.getString("sub")),
                      UUID.fromString(claims.getString(ORG_CLAIM)),
                      claims.getString(ROLE_CLAIM),
                      claims.getBoolean(SITE_SCOPED_CLAIM, false));
              return new Verified(
                  actor,
                  claims.getLong("exp"),
                  scopes(claims),
                  claims.getBoolean(PLATFORM_ADMIN_CLAIM, false));
            });
  }

  private static Future<Verified> refused() {
    return Future.failedFuture(new IllegalArgumentException("not a token of ours"));
  }

  private static JsonObject json(String base64url) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
  }

  /** The scopes of a claim set ({@code scope}, space-separated); none when absent. */
  public static Set<String> scopes(JsonObject claims) {
    String scope = claims.getString(SCOPE_CLAIM);
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(java.util.Arrays.asList(scope.trim().split("\\s+")));
  }

  /**
   * The verifier of the key the token's header names, or null: the header must say RS256 and name a
   * trusted key, so that {@code alg: none}, HMAC with the public key as secret (algorithm
   * confusion) and foreign keys never reach a verifier.
   */
  private JWTAuth verifierFor(JsonObject header) {
    if (!ALGORITHM.equals(header.getString("alg"))) {
      return null;
    }
    String kid = header.getString("kid");
    return kid == null ? null : verifiers.get(kid);
  }
}
