package dev.wrench.auth;

import dev.wrench.bus.Actor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.UUID;

/**
 * Issues and verifies RS256 access tokens. Verification checks the signature, {@code exp}, {@code
 * iss} and {@code aud}; a token signed with any other algorithm (including {@code none}) has no key
 * to verify with and is refused.
 */
public final class TokenService {

  public static final String ORG_CLAIM = "org_id";
  public static final String ROLE_CLAIM = "role";

  private final JWTAuth jwt;
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final String keyId;

  public TokenService(
      Vertx vertx,
      String keyId,
      String privateKeyPem,
      String publicKeyPem,
      String issuer,
      String audience,
      int ttlSeconds) {
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.keyId = keyId;
    JWTAuthOptions options =
        new JWTAuthOptions()
            .addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("RS256").setId(keyId).setBuffer(privateKeyPem))
            .addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("RS256").setId(keyId).setBuffer(publicKeyPem))
            .setJWTOptions(
                new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setLeeway(5));
    this.jwt = JWTAuth.create(vertx, options);
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(Actor actor) {
    JsonObject claims =
        new JsonObject()
            .put(ORG_CLAIM, actor.orgId().toString())
            .put(ROLE_CLAIM, actor.role())
            .put("scope", "api")
            .put("jti", UUID.randomUUID().toString());
    JWTOptions options =
        new JWTOptions()
            .setAlgorithm("RS256")
            .setHeader(new JsonObject().put("kid", keyId))
            .setIssuer(issuer)
            .setAudience(List.of(audience))
            .setSubject(actor.userId().toString())
            .setExpiresInSeconds(ttlSeconds);
    return jwt.generateToken(claims, options);
  }

  /** The verified caller and the token's expiry (epoch seconds). */
  public record Verified(Actor actor, long expiresAt) {}

  public Future<Verified> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .map(
            user -> {
              // vertx-auth-jwt keeps the verified claims in the user's attributes, not its
              // principal.
              JsonObject claims = user.attributes().getJsonObject("accessToken");
              Actor actor =
                  new Actor(
                      UUID.fromString(claims.getString("sub")),
                      UUID.fromString(claims.getString(ORG_CLAIM)),
                      claims.getString(ROLE_CLAIM));
              return new Verified(actor, claims.getLong("exp"));
            });
  }
}
