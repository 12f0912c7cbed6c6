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
  private static final String PROVIDER_KID = "idp-key-1";

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
    providerKey = Jwts.newRsaKeyPair();
    providerPem = Jwts.pem(providerKey);
    published.add(jwk(PROVIDER_KID, providerKey));
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

  @Test
  void aProviderTokenWithAMappedRoleIsAccepted() {
    String admin =
        Jwts.rs256(
            PROVIDER_KID,
            claims(WrenchServer.DEFAULT_ORG, "offline_access", "maintenance-admin"),
            providerPem);
    Http.Response users = http.get("/api/v1/users").token(admin).send();
    assertThat(users.status()).as(users.toString()).isEqualTo(200);
    // It sees the default organization: the bootstrap admin is there.
    assertThat(users.items().stream().map(u -> ((JsonObject) u).getString("email")))
        .contains(WrenchServer.ADMIN_EMAIL);

    String technician =
        Jwts.rs256(PROVIDER_KID, claims(WrenchServer.DEFAULT_ORG, "maintenance-tech"), providerPem);
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
    String foreign = Jwts.rs256(PROVIDER_KID, claims(other, "maintenance-admin"), providerPem);
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
    assertThat(
            status(
                Jwts.rs256(
                    PROVIDER_KID, claims(WrenchServer.DEFAULT_ORG, "offline_access"), providerPem)))
        .isEqualTo(401);
    assertThat(status(Jwts.rs256(PROVIDER_KID, claims(WrenchServer.DEFAULT_ORG), providerPem)))
        .isEqualTo(401);
    // An unmapped value that happens to be a Wrench role name is not a role when a map is set.
    assertThat(
            status(
                Jwts.rs256(PROVIDER_KID, claims(WrenchServer.DEFAULT_ORG, "admin"), providerPem)))
        .isEqualTo(401);
    JsonObject noOrg = claims(WrenchServer.DEFAULT_ORG, "maintenance-admin");
    noOrg.remove("wrench_org");
    assertThat(status(Jwts.rs256(PROVIDER_KID, noOrg, providerPem))).isEqualTo(401);
    assertThat(
            status(
                Jwts.rs256(
                    PROVIDER_KID,
                    claims(WrenchServer.DEFAULT_ORG, "maintenance-admin").put("wrench_org", "acme"),
                    providerPem)))
        .isEqualTo(401);
  }

  @Test
  void providerTokensAreCheckedForAudienceExpiryAndSignature() throws Exception {
    JsonObject good = claims(WrenchServer.DEFAULT_ORG, "maintenance-admin");
    assertThat(status(Jwts.rs256(PROVIDER_KID, good, providerPem))).isEqualTo(200);
    assertThat(status(Jwts.rs256(PROVIDER_KID, good.copy().put("aud", "account"), providerPem)))
        .isEqualTo(401);
    assertThat(status(Jwts.rs256(PROVIDER_KID, good.copy().put("exp", now() - 60), providerPem)))
        .isEqualTo(401);
    assertThat(status(Jwts.rs256(PROVIDER_KID, good.copy().put("nbf", now() + 600), providerPem)))
        .isEqualTo(401);
    // Signed by someone else under the provider's key id.
    assertThat(status(Jwts.rs256(PROVIDER_KID, good, Jwts.pem(Jwts.newRsaKeyPair()))))
        .isEqualTo(401);
    // HS256 with the provider's public key, and alg none.
    assertThat(
            status(
                Jwts.hs256(
                    new JsonObject().put("alg", "HS256").put("kid", PROVIDER_KID),
                    good,
                    providerKey.getPublic().getEncoded())))
        .isEqualTo(401);
    assertThat(status(Jwts.unsigned(good))).isEqualTo(401);
  }

  @Test
  void aKeyTheProviderAddsLaterIsFetchedWhenATokenNamesIt() throws Exception {
    KeyPair rotated = Jwts.newRsaKeyPair();
    String rotatedPem = Jwts.pem(rotated);
    String token =
        Jwts.rs256("idp-key-2", claims(WrenchServer.DEFAULT_ORG, "maintenance-admin"), rotatedPem);
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
                Jwts.rs256(
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
