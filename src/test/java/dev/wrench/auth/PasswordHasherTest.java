package dev.wrench.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  private static final String PASSWORD = "correct-horse-battery-staple";

  /** The lowest count the configuration accepts: keeps the tests fast. */
  private final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  void hashHasTheDocumentedFormat() {
    String hash = hasher.hash(PASSWORD);
    String[] parts = hash.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(parts[1]).isEqualTo("1000");
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    assertThat(hash).doesNotContain(PASSWORD);
  }

  @Test
  void verifiesTheRightPassword() {
    assertThat(hasher.verify(PASSWORD, hasher.hash(PASSWORD))).isTrue();
  }

  @Test
  void refusesAWrongPassword() {
    String hash = hasher.hash(PASSWORD);
    assertThat(hasher.verify("correct-horse-battery-stapler", hash)).isFalse();
    assertThat(hasher.verify("Correct-horse-battery-staple", hash)).isFalse();
    assertThat(hasher.verify("", hash)).isFalse();
  }

  @Test
  void isSaltedSoTwoHashesOfOnePasswordDifferAndBothVerify() {
    String first = hasher.hash(PASSWORD);
    String second = hasher.hash(PASSWORD);
    assertThat(first).isNotEqualTo(second);
    assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
    assertThat(hasher.verify(PASSWORD, first)).isTrue();
    assertThat(hasher.verify(PASSWORD, second)).isTrue();
  }

  @Test
  void aHashKeepsItsOwnIterationCountSoTheDefaultCanGrow() {
    String old = new PasswordHasher(1000).hash(PASSWORD);
    PasswordHasher stronger = new PasswordHasher(2000);
    assertThat(stronger.verify(PASSWORD, old)).isTrue();
    assertThat(stronger.hash(PASSWORD)).startsWith("pbkdf2-sha256$2000$");
  }

  @Test
  void unicodePasswordsRoundTrip() {
    String password = "pässwörd-日本語-🔧";
    assertThat(hasher.verify(password, hasher.hash(password))).isTrue();
    assertThat(hasher.verify("passwort-日本語-🔧", hasher.hash(password))).isFalse();
  }

  @Test
  void aNullStoredHashFails() {
    assertThat(hasher.verify(PASSWORD, null)).isFalse();
    // Even the decoy's own password does not log in to a missing account.
    assertThat(hasher.verify("decoy password for unknown accounts", null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "$$$",
        "md5$1000$c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$onlythreeparts",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra",
        "pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      })
  void aMalformedStoredStringFails(String stored) {
    assertThat(hasher.verify(PASSWORD, stored)).isFalse();
  }

  /**
   * Stored strings of the right outline whose pieces are unusable (not base64, no salt, a
   * non-positive iteration count) must fail like any other wrong hash, not throw: the token
   * endpoint would turn an exception into a 500 instead of {@code invalid_grant}.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "pbkdf2-sha256$1000$!!!not base64!!!$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$***",
        "pbkdf2-sha256$1000$$aGFzaA",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      })
  void aStoredStringWithUnusablePartsFailsWithoutThrowing(String stored) {
    assertThat(hasher.verify(PASSWORD, stored)).isFalse();
  }

  @Test
  void aTruncatedHashFails() {
    String hash = hasher.hash(PASSWORD);
    String truncated = hash.substring(0, hash.length() - 4);
    assertThat(hasher.verify(PASSWORD, truncated)).isFalse();
  }
}
