package dev.wrench.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA key pairs of access tokens (RS256), read from {@code key_dir}: the current key, which
 * signs, and at most two more that are only trusted for verification and published in the JWKS: the
 * previous key (tokens it signed stay valid until they expire) and a staged next key. The current
 * key is made on first start when absent (private key readable by the owner only), so tokens
 * survive restarts and no key is ever committed. Blocking: call it off the event loop.
 *
 * <p>Rotation without downtime is two {@link #rotate} steps, each followed by a rolling restart:
 * the first stages a next key (every instance then trusts and publishes it while still signing with
 * the current one); the second promotes it (instances sign with it; the old key becomes the
 * previous one, still trusted). No instance ever receives a token it cannot verify.
 */
public record SigningKeys(
    String keyId,
    String privateKeyPem,
    String publicKeyPem,
    RSAPublicKey publicKey,
    List<Verifying> alsoTrusted) {

  /** A public key trusted for verification only. */
  public record Verifying(String keyId, String publicKeyPem, RSAPublicKey publicKey) {}

  private static final String PRIVATE_FILE = "signing-key.pem";
  private static final String PUBLIC_FILE = "signing-key.pub.pem";
  private static final String NEXT_PRIVATE_FILE = "next-signing-key.pem";
  private static final String NEXT_PUBLIC_FILE = "next-signing-key.pub.pem";
  private static final String PREVIOUS_PUBLIC_FILE = "previous-signing-key.pub.pem";

  public SigningKeys {
    alsoTrusted = List.copyOf(alsoTrusted);
  }

  public SigningKeys(
      String keyId, String privateKeyPem, String publicKeyPem, RSAPublicKey publicKey) {
    this(keyId, privateKeyPem, publicKeyPem, publicKey, List.of());
  }

  public static SigningKeys loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
    Path privateFile = dir.resolve(PRIVATE_FILE);
    Path publicFile = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
      writePair(dir, privateFile, publicFile);
    }
    String privatePem = Files.readString(privateFile);
    String publicPem = Files.readString(publicFile);
    KeyFactory factory = KeyFactory.getInstance("RSA");
    factory.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
    RSAPublicKey publicKey = publicKey(publicPem);
    List<Verifying> trusted = new ArrayList<>();
    for (String file : List.of(NEXT_PUBLIC_FILE, PREVIOUS_PUBLIC_FILE)) {
      Path path = dir.resolve(file);
      if (Files.exists(path)) {
        String pem = Files.readString(path);
        RSAPublicKey key = publicKey(pem);
        trusted.add(new Verifying(thumbprint(key), pem, key));
      }
    }
    return new SigningKeys(thumbprint(publicKey), privatePem, publicPem, publicKey, trusted);
  }

  /**
   * The key files of {@code dir} that exist, by name (current pair first, then the staged next
   * pair, then the previous public key): what a deployment mounts as {@code key_dir}.
   */
  public static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String file :
        List.of(
            PRIVATE_FILE, PUBLIC_FILE, NEXT_PRIVATE_FILE, NEXT_PUBLIC_FILE, PREVIOUS_PUBLIC_FILE)) {
      Path path = dir.resolve(file);
      if (Files.exists(path)) {
        files.put(file, Files.readString(path));
      }
    }
    return files;
  }

  /**
   * One step of a rotation: stages a next key when there is none, else promotes the staged key to
   * current and keeps the current public key as the previous one. Returns what it did.
   */
  public static String rotate(Path dir) throws IOException, GeneralSecurityException {
    loadOrCreate(dir);
    Path nextPrivate = dir.resolve(NEXT_PRIVATE_FILE);
    Path nextPublic = dir.resolve(NEXT_PUBLIC_FILE);
    if (!Files.exists(nextPrivate) || !Files.exists(nextPublic)) {
      writePair(dir, nextPrivate, nextPublic);
      return "staged next key "
          + thumbprint(publicKey(Files.readString(nextPublic)))
          + ": restart every instance (they trust and publish it), then rotate again to sign with"
          + " it";
    }
    Files.copy(
        dir.resolve(PUBLIC_FILE),
        dir.resolve(PREVIOUS_PUBLIC_FILE),
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(nextPrivate, dir.resolve(PRIVATE_FILE), StandardCopyOption.REPLACE_EXISTING);
    Files.move(nextPublic, dir.resolve(PUBLIC_FILE), StandardCopyOption.REPLACE_EXISTING);
    return "promoted key "
        + thumbprint(publicKey(Files.readString(dir.resolve(PUBLIC_FILE))))
        + " to signing; the previous key stays trusted: restart every instance";
  }

  private static void writePair(Path dir, Path privateFile, Path publicFile)
      throws IOException, GeneralSecurityException {
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
    Files.move(tmp, privateFile, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  private static RSAPublicKey publicKey(String pem) throws GeneralSecurityException {
    return (RSAPublicKey)
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
  }

  /** Every trusted public key as a JWKS document (RFC 7517): the current one first. */
  public JsonObject jwks() {
    JsonArray keys = new JsonArray().add(jwk(keyId, publicKey));
    for (Verifying key : alsoTrusted) {
      keys.add(jwk(key.keyId(), key.publicKey()));
    }
    return new JsonObject().put("keys", keys);
  }

  private static JsonObject jwk(String kid, RSAPublicKey key) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return new JsonObject()
        .put("kty", "RSA")
        .put("use", "sig")
        .put("alg", "RS256")
        .put("kid", kid)
        .put("n", url.encodeToString(unsigned(key.getModulus())))
        .put("e", url.encodeToString(unsigned(key.getPublicExponent())));
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
