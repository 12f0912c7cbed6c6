package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Jwts;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Access tokens are checked for signature, {@code alg}, {@code kid}, {@code iss}, {@code aud},
 * {@code exp} and {@code nbf}: tokens forged every way a verifier is known to be fooled are 401.
 * The forgeries are made by hand (see {@link Jwts}), with the server's own private key where the
 * attack is about a claim rather than the signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtVerificationTest {

  private static final String PROTECTED = "/api/v1/work-orders";

  private WrenchServer server;
  private Http http;
  private String privatePem;
  private String publicPem;
  private String admin;
  private JsonObject header;
  private JsonObject claims;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    privatePem = Jwts.read(server.keyDir().resolve("signing-key.pem"));
    publicPem = Jwts.read(server.keyDir().resolve("signing-key.pub.pem"));
    header = Jwts.header(admin);
    claims = Jwts.claims(admin);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private int statusWith(String token) {
    return http.get(PROTECTED).token(token).send().status();
  }

  private void assertRefused(String token) {
    Http.Response response = http.get(PROTECTED).token(token).send();
    assertProblem(response, 401, "/problems/unauthorized");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void theServersOwnTokenCarriesTheCheckedClaims() {
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(header.getString("kid")).isNotBlank();
    assertThat(claims.getString("iss")).isEqualTo("wrench");
    assertThat(claims.getValue("aud").toString()).contains("wrench-api");
    assertThat(claims.getLong("exp")).isGreaterThan(now());
    assertThat(claims.getLong("nbf")).isLessThanOrEqualTo(now() + 1);
    // A hand-made copy signed with the same key is accepted: the forgeries below differ in one
    // thing each.
    assertThat(statusWith(Jwts.rs256(header, claims, privatePem))).isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefused() {
    assertRefused(
        Jwts.rs256(
            header,
            claims.copy().put("iat", now() - 3600).put("nbf", now() - 3600).put("exp", now() - 60),
            privatePem));
  }

  @Test
  void aTokenNotValidYetIsRefused() {
    assertRefused(Jwts.rs256(header, claims.copy().put("nbf", now() + 600), privatePem));
  }

  @Test
  void aTamperedTokenIsRefused() {
    WrenchServer.User technician = server.createUser("technician");
    assertThat(http.get("/api/v1/users").token(technician.token()).send().status()).isEqualTo(403);
    String[] parts = technician.token().split("\\.");
    JsonObject promoted = Jwts.claims(technician.token()).put("role", "admin");
    String tampered = parts[0] + "." + Jwts.encode(promoted) + "." + parts[2];
    Http.Response response = http.get("/api/v1/users").token(tampered).send();
    assertThat(response.status()).isEqualTo(401);
    // A flipped signature byte too.
    char last = parts[2].charAt(parts[2].length() - 2);
    String flipped =
        parts[0]
            + "."
            + parts[1]
            + "."
            + parts[2].substring(0, parts[2].length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + parts[2].charAt(parts[2].length() - 1);
    assertRefused(flipped);
  }

  @Test
  void aTokenOfAnotherIssuerIsRefused() {
    assertRefused(Jwts.rs256(header, claims.copy().put("iss", "https://evil.example"), privatePem));
    JsonObject noIssuer = claims.copy();
    noIssuer.remove("iss");
    assertRefused(Jwts.rs256(header, noIssuer, privatePem));
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    assertRefused(Jwts.rs256(header, claims.copy().put("aud", "another-api"), privatePem));
  }

  @Test
  void algNoneIsRefused() {
    assertRefused(Jwts.unsigned(claims));
    assertRefused(
        Jwts.encode(new JsonObject().put("alg", "none").put("kid", header.getString("kid")))
            + "."
            + Jwts.encode(claims)
            + ".");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() {
    JsonObject hs = header.copy().put("alg", "HS256");
    assertRefused(Jwts.hs256(hs, claims, publicPem.getBytes(StandardCharsets.US_ASCII)));
    byte[] der =
        Base64.getDecoder()
            .decode(publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    assertRefused(Jwts.hs256(hs, claims, der));
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefusedEvenWithOurKid() {
    String foreign = Jwts.pem(Jwts.newRsaKeyPair());
    assertRefused(Jwts.rs256(header, claims, foreign));
    assertRefused(Jwts.rs256(header.copy().put("kid", "someone-else"), claims, foreign));
  }

  @Test
  void aTokenWithoutKidOrWithGarbageIsRefused() {
    JsonObject noKid = header.copy();
    noKid.remove("kid");
    assertRefused(Jwts.rs256(noKid, claims, privatePem));
    assertRefused("not-base64!.x.y");
    assertRefused(Jwts.encode(new JsonObject().put("alg", "RS256")) + ".e30");
    assertRefused(
        Jwts.rs256(
            header,
            claims.copy().put("sub", "not-a-uuid").put("jti", UUID.randomUUID().toString()),
            privatePem));
  }
}
