package dev.wrench.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed
 * by the base64 part of a {@code whsec_} secret; several secrets (during a rotation) give several
 * space-separated signatures, any of which a receiver may check.
 */
public final class WebhookSignatures {

  public static final String SECRET_PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignatures() {}

  /** {@code whsec_} + base64 of 32 random bytes. */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header value: one signature per secret, space-separated. */
  public static String header(String id, long timestamp, String body, List<String> secrets) {
    List<String> signatures = new ArrayList<>(secrets.size());
    for (String secret : secrets) {
      signatures.add("v1," + sign(id, timestamp, body, secret));
    }
    return String.join(" ", signatures);
  }

  static String sign(String id, long timestamp, String body, String secret) {
    String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(6) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
