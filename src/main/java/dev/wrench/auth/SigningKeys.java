package dev.wrench.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs access tokens (RS256). Read from {@code key_dir}; made there on first
 * start when absent (private key readable by the owner only), so tokens survive restarts and no key
 * is ever committed. Blocking: call it off the event loop.
 */
public record SigningKeys(
    String keyId, String privateKeyPem, String publicKeyPem, RSAPublicKey publicKey) {

  private static final String PRIVATE_FILE = "signing-key.pem";
  private static final String PUBLIC_FILE = "signing-key.pub.pem";

  public static SigningKeys loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
    Path privateFile = dir.resolve(PRIVATE_FILE);
    Path publicFile = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Path tmp = Files.createTempFile(dir, "key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Non-POSIX file systems keep their default permissions.
      }
      Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.move(tmp, privateFile);
      Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }
    String privatePem = Files.readString(privateFile);
    String publicPem = Files.readString(publicFile);
    KeyFactory factory = KeyFactory.getInstance("RSA");
    factory.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
    RSAPublicKey publicKey =
        (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(der(publicPem)));
    return new SigningKeys(thumbprint(publicKey), privatePem, publicPem, publicKey);
  }

  /** The public half as a JWKS document (RFC 7517). */
  public JsonObject jwks() {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    JsonObject jwk =
        new JsonObject()
            .put("kty", "RSA")
            .put("use", "sig")
            .put("alg", "RS256")
            .put("kid", keyId)
            .put("n", url.encodeToString(unsigned(publicKey.getModulus())))
            .put("e", url.encodeToString(unsigned(publicKey.getPublicExponent())));
    return new JsonObject().put("keys", new JsonArray().add(jwk));
  }

  /** RFC 7638 thumbprint: a key id that changes exactly when the key does. */
  private static String thumbprint(RSAPublicKey key) throws GeneralSecurityException {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String canonical =
        "{\"e\":\""
            + url.encodeToString(unsigned(key.getPublicExponent()))
            + "\",\"kty\":\"RSA\",\"n\":\""
            + url.encodeToString(unsigned(key.getModulus()))
            + "\"}";
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return url.encodeToString(digest);
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      byte[] trimmed = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
      return trimmed;
    }
    return bytes;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** Never print key material. */
  @Override
  public String toString() {
    return "SigningKeys[kid=" + keyId + "]";
  }
}
