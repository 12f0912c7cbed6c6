package dev.wrench.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random credentials (client secrets, refresh tokens, API keys) and their stored digests.
 *
 * <p>Why SHA-256 and not the slow password hash: these values are 256 random bits made here, not
 * chosen by people. A slow KDF protects low-entropy passwords from guessing after a database leak;
 * against 2^256 possibilities a single SHA-256 is already out of reach (NIST SP 800-63B §5.1.1.2
 * asks for a slow hash only for memorized secrets), and a fast digest lets every request that
 * carries one be checked without a worker thread, and lets the digest itself be the lookup key.
 */
public final class Secrets {

  private Secrets() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** {@code prefix} followed by 32 random bytes, base64url. */
  public static String random(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + URL.encodeToString(bytes);
  }

  /** The SHA-256 of {@code value} (UTF-8), base64url: what is stored and sent on the bus. */
  public static String digest(String value) {
    try {
      return URL.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Constant-time comparison of two digests. */
  public static boolean sameDigest(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
