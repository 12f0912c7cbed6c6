package dev.wrench.support;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs for tests that attack the verifier: any header, any claims, signed with RS256, an
 * HMAC secret or nothing at all. Independent of the library the server uses.
 */
public final class Jwts {

  private Jwts() {}

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  public static String encode(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  public static JsonObject header(String token) {
    return new JsonObject(
        new String(
            Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
            StandardCharsets.UTF_8));
  }

  public static JsonObject claims(String token) {
    String[] parts = token.split("\\.");
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  /** RS256 over header and claims with {@code privatePem} (PKCS#8). */
  public static String rs256(JsonObject header, JsonObject claims, String privatePem) {
    String input = encode(header) + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(privateKey(privatePem));
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256 under a header of only {@code alg} and {@code kid}, with {@code privatePem}. */
  public static String rs256(String kid, JsonObject claims, String privatePem) {
    return rs256(new JsonObject().put("alg", "RS256").put("kid", kid), claims, privatePem);
  }

  /** HS256 with {@code secret} as the HMAC key: the algorithm-confusion attack. */
  public static String hs256(JsonObject header, JsonObject claims, byte[] secret) {
    String input = encode(header) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input
          + "."
          + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured JWT ({@code alg: none}, empty signature). */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT"))
        + "."
        + encode(claims)
        + ".";
  }

  /** A new 2048-bit RSA key pair: an identity provider's, or a forger's. */
  public static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key of {@code pair} as PKCS#8 PEM, as {@link #rs256} takes it. */
  public static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
