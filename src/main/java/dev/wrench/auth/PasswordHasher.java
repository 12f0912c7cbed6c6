package dev.wrench.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} so that the iteration count can grow without
 * invalidating old hashes. Deliberately slow: call it off the event loop.
 */
public final class PasswordHasher {

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  /**
   * Verified against when the account does not exist, so that timing does not tell; made on first
   * use.
   */
  private volatile String decoy;

  public PasswordHasher(int iterations) {
    this.iterations = iterations;
  }

  private String decoy() {
    String value = decoy;
    if (value == null) {
      value = hash("decoy password for unknown accounts");
      decoy = value;
    }
    return value;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code stored}; a null {@code stored} burns the same time and
   * fails.
   */
  public boolean verify(String password, String stored) {
    boolean known = stored != null;
    String[] parts = (known ? stored : decoy()).split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    int storedIterations;
    try {
      storedIterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    if (storedIterations <= 0) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected;
    byte[] salt;
    try {
      expected = b64.decode(parts[3]);
      salt = b64.decode(parts[2]);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    if (salt.length == 0 || expected.length == 0) {
      return false;
    }
    byte[] actual = derive(password, salt, storedIterations);
    return MessageDigest.isEqual(expected, actual) && known;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JRE", e);
    } finally {
      spec.clearPassword();
    }
  }
}
