package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Jwts;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens of an external identity provider: a second RSA key pair plays the provider, whose JWKS
 * this test serves over real HTTP; Wrench is configured with its issuer, JWKS URL and claim mapping
 * (Keycloak's shape: roles in {@code realm_access.roles}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalIdentityProviderTest {

  private static final String ISSUER = "https://idp.test/realms/maintenance";

  private Vertx idpVertx;
  private HttpServer idp;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final List<JsonObject> published = new ArrayList<>();
  private KeyPair providerKey;
  private String providerPem;
  private WrenchServer server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    providerKey = newKeyPair();
    providerPem = pem(providerKey);
    published.add(jwk("idp-key-1", providerKey));
    idpVertx = Vertx.vertx();
    idp =
        Http.await(
            idpVertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      jwksFetches.incrementAndGet();
                      request
                          .response()
                          .putHeader("Content-Type", "application/json")
                          .end(
                              new JsonObject()
                                  .put("keys", new JsonArray(List.copyOf(published)))
                                  .encode());
                    })
                .listen(0, "127.0.0.1"));
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "auth",
                    new JsonObject()
                        .put(
                            "external",
                            new JsonObject()
                                .put("issuer", ISSUER)
                                .put("jwks_url", "http://127.0.0.1:" + idp.actualPort() + "/certs")
                                .put("org_claim", "wrench_org")
                                .put("role_claim", "realm_access.roles")
                                .put("min_refresh_seconds", 1)
                                .put(
                                    "roles",
                                    new JsonObject()
                                        .put("maintenance-admin", "admin")
                                        .put("maintenance-tech", "technician")))));
    http = server.http();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (idpVertx != null) {
      Http.await(idpVertx.close());
    }
  }

  private static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static JsonObject jwk(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("use", "sig")
        .put("alg", "RS256")
        .put("kid", kid)
        .put("n", b64(key.getModulus()))
        .put("e", b64(key.getPublicExponent()));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static JsonObject claims(UUID org, String... roles) {
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", "wrench-api")
        .put("sub", "f:1234:ana")
        .put("iat", now())
        .put("nbf", now())
        .put("exp", now() + 300)
        .put("wrench_org", org.toString())
        .put("realm_access", new JsonObject().put("roles", new JsonArray(List.of(roles))));
  }

  private String token(JsonObject claims) {
    return token("idp-key-1", claims, providerPem);
  }

  private static String token(String kid, JsonObject claims, String pem) {
    return Jwts.rs256(new JsonObject().put("alg", "RS256").put("kid", kid), claims, pem);
  }

  @Test
  void aProviderTokenWithAMappedRoleIsAccepted() {
    String admin = token(claims(WrenchServer.DEFAULT_ORG, "offline_access", "maintenance-admin"));
    Http.Response users = http.get("/api/v1/users").token(admin).send();
    assertThat(users.status()).as(users.toString()).isEqualTo(200);
    // It sees the default organization: the bootstrap admin is there.
    assertThat(users.items().stream().map(u -> ((JsonObject) u).getString("email")))
        .contains(WrenchServer.ADMIN_EMAIL);

    String technician = token(claims(WrenchServer.DEFAULT_ORG, "maintenance-tech"));
    assertThat(http.get("/api/v1/work-orders").token(technician).send().status()).isEqualTo(200);
    assertThat(http.get("/api/v1/users").token(technician).send().status()).isEqualTo(403);
  }

  @Test
  void theOrganizationClaimScopesEveryQuery() {
    Http.Response created =
        http.post("/api/v1/assets")
            .token(server.adminToken())
            .json(new JsonObject().put("name", "Pump"))
            .send();
    assertThat(created.status()).isEqualTo(201);
    UUID other = server.createOrganization("Elsewhere");
    String foreign = token(claims(other, "maintenance-admin"));
    assertThat(
            http.get("/api/v1/assets/" + created.json().getString("id"))
                .token(foreign)
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.get("/api/v1/assets").token(foreign).send().items()).isEmpty();
  }

  @Test
  void tokensWithoutAMappedRoleOrOrganizationAreRefused() {
    assertThat(status(token(claims(WrenchServer.DEFAULT_ORG, "offline_access")))).isEqualTo(401);
    assertThat(status(token(claims(WrenchServer.DEFAULT_ORG)))).isEqualTo(401);
    // An unmapped value that happens to be a Wrench role name is not a role when a map is set.
    assertThat(status(token(claims(WrenchServer.DEFAULT_ORG, "admin")))).isEqualTo(401);
    JsonObject noOrg = claims(WrenchServer.DEFAULT_ORG, "maintenance-admin");
    noOrg.remove("wrench_org");
    assertThat(status(token(noOrg))).isEqualTo(401);
    assertThat(
            status(
                token(
                    claims(WrenchServer.DEFAULT_ORG, "maintenance-admin")
                        .put("wrench_org", "acme"))))
        .isEqualTo(401);
  }

  @Test
  void providerTokensAreCheckedForAudienceExpiryAndSignature() throws Exception {
    JsonObject good = claims(WrenchServer.DEFAULT_ORG, "maintenance-admin");
    assertThat(status(token(good))).isEqualTo(200);
    assertThat(status(token(good.copy().put("aud", "account")))).isEqualTo(401);
    assertThat(status(token(good.copy().put("exp", now() - 60)))).isEqualTo(401);
    assertThat(status(token(good.copy().put("nbf", now() + 600)))).isEqualTo(401);
    // Signed by someone else under the provider's key id.
    assertThat(status(token("idp-key-1", good, pem(newKeyPair())))).isEqualTo(401);
    // HS256 with the provider's public key, and alg none.
    assertThat(
            status(
                Jwts.hs256(
                    new JsonObject().put("alg", "HS256").put("kid", "idp-key-1"),
                    good,
                    providerKey.getPublic().getEncoded())))
        .isEqualTo(401);
    assertThat(status(Jwts.unsigned(good))).isEqualTo(401);
  }

  @Test
  void aKeyTheProviderAddsLaterIsFetchedWhenATokenNamesIt() throws Exception {
    KeyPair rotated = newKeyPair();
    String rotatedPem = pem(rotated);
    String token =
        token("idp-key-2", claims(WrenchServer.DEFAULT_ORG, "maintenance-admin"), rotatedPem);
    int fetchesBefore = jwksFetches.get();
    published.add(jwk("idp-key-2", rotated));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status(token) == 200);
    assertThat(jwksFetches.get()).isGreaterThan(fetchesBefore);
    // A key id the provider never published stays refused.
    assertThat(
            status(
                token(
                    "idp-key-9",
                    claims(WrenchServer.DEFAULT_ORG, "maintenance-admin"),
                    rotatedPem)))
        .isEqualTo(401);
  }

  @Test
  void wrenchsOwnTokensStillWork() {
    assertThat(status(server.adminToken())).isEqualTo(200);
  }

  private int status(String token) {
    return http.get("/api/v1/users").token(token).send().status();
  }
}
