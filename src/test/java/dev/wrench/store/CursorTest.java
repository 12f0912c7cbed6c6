package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

  private static final String ID = UUID.randomUUID().toString();

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Decoding {@code encoded} is a 400 validation error pointing at the cursor parameter. */
  private static BusError refused(String encoded, String sort) {
    BusError error = catchThrowableOfType(BusError.class, () -> Cursor.decode(encoded, sort));
    assertThat(error).as("decoding %s", encoded).isNotNull();
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.slug()).isEqualTo("validation");
    assertThat(error.errors()).hasSize(1);
    JsonObject detail = error.errors().getJsonObject(0);
    assertThat(detail.getString("pointer")).isEqualTo("/query/cursor");
    assertThat(detail.getString("message")).isNotBlank();
    return error;
  }

  @Test
  void roundTripKeepsSortValueAndId() {
    Cursor cursor = new Cursor("-created_at", "2026-11-26T09:30:00.123456Z", ID);
    Cursor decoded = Cursor.decode(cursor.encode(), "-created_at");
    assertThat(decoded).isEqualTo(cursor);
  }

  @Test
  void roundTripOfNumericAndNullValues() {
    Cursor number = Cursor.decode(new Cursor("priority", 3L, ID).encode(), "priority");
    assertThat(((Number) number.value()).longValue()).isEqualTo(3L);
    assertThat(number.id()).isEqualTo(ID);
    assertThat(number.sort()).isEqualTo("priority");

    Cursor big = Cursor.decode(new Cursor("-number", Long.MAX_VALUE, ID).encode(), "-number");
    assertThat(((Number) big.value()).longValue()).isEqualTo(Long.MAX_VALUE);

    Cursor nothing = Cursor.decode(new Cursor("due_at", null, ID).encode(), "due_at");
    assertThat(nothing.value()).isNull();
  }

  @Test
  void encodedFormIsUrlSafeAndFitsTheContractPattern() {
    String encoded = new Cursor("-updated_at", "2026-11-26T09:30:00Z", ID).encode();
    assertThat(encoded).matches("^[A-Za-z0-9_-]+$").hasSizeLessThanOrEqualTo(1000);
    // The same input always gives the same cursor (no randomness in it).
    assertThat(new Cursor("-updated_at", "2026-11-26T09:30:00Z", ID).encode()).isEqualTo(encoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-cursor", "abc", "AAAA", "x", "!!!!", "eyJ", "____"})
  void garbageIsRefused(String garbage) {
    refused(garbage, "-created_at");
  }

  @Test
  void aCursorForAnotherSortIsRefusedAndSaysSo() {
    String encoded = new Cursor("-created_at", "2026-11-26T09:30:00Z", ID).encode();
    BusError error = refused(encoded, "created_at");
    assertThat(error.detail()).contains("-created_at").contains("created_at");
    refused(encoded, "number");
    refused(encoded, "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[\"-created_at\"]",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\"]",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\", \"id\", \"extra\"]",
        "[1, \"2026-01-01T00:00:00Z\", \"id\"]",
        "[null, \"2026-01-01T00:00:00Z\", \"id\"]",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\", 7]",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\", null]",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\", {\"id\": 1}]",
        "{\"sort\": \"-created_at\", \"value\": 1, \"id\": \"x\"}",
        "\"-created_at\"",
        "42",
        "null",
        "true",
        "[\"-created_at\", \"2026-01-01T00:00:00Z\", \"id\"",
      })
  void wrongShapeIsRefused(String json) {
    refused(base64(json), "-created_at");
  }

  @Test
  void tamperingThatBreaksTheEncodingIsRefused() {
    String encoded = new Cursor("-created_at", "2026-11-26T09:30:00.123456Z", ID).encode();
    refused(encoded.substring(0, encoded.length() / 2), "-created_at");
    refused(encoded.substring(3), "-created_at");
  }

  @Test
  void theCursorIsPlainJsonOfSortValueAndId() {
    String encoded = new Cursor("number", 12L, ID).encode();
    JsonArray json =
        new JsonArray(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    assertThat(json).isEqualTo(new JsonArray().add("number").add(12).add(ID));
  }
}
