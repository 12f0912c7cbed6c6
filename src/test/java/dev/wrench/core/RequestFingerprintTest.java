package dev.wrench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  @Test
  void isAHexSha256() {
    assertThat(RequestFingerprint.of(new JsonObject().put("title", "x"))).matches("^[0-9a-f]{64}$");
  }

  @Test
  void keyOrderDoesNotMatter() {
    JsonObject a =
        new JsonObject()
            .put("title", "Fix pump")
            .put("priority", "high")
            .put("due_at", "2026-12-01T17:00:00Z");
    JsonObject b =
        new JsonObject()
            .put("due_at", "2026-12-01T17:00:00Z")
            .put("priority", "high")
            .put("title", "Fix pump");
    assertThat(RequestFingerprint.of(a)).isEqualTo(RequestFingerprint.of(b));
    // As sent on the wire, in different textual order.
    assertThat(RequestFingerprint.of(new JsonObject("{\"a\":1,\"b\":2}")))
        .isEqualTo(RequestFingerprint.of(new JsonObject("{\"b\":2,\"a\":1}")));
  }

  @Test
  void keyOrderDoesNotMatterInNestedObjectsAndArraysOfObjects() {
    JsonObject a =
        new JsonObject()
            .put(
                "body",
                new JsonObject()
                    .put("x", 1)
                    .put("y", new JsonObject().put("p", true).put("q", false)))
            .put("list", new JsonArray().add(new JsonObject().put("k", "v").put("l", "w")))
            .put("id", "parent");
    JsonObject b =
        new JsonObject()
            .put("id", "parent")
            .put("list", new JsonArray().add(new JsonObject().put("l", "w").put("k", "v")))
            .put(
                "body",
                new JsonObject()
                    .put("y", new JsonObject().put("q", false).put("p", true))
                    .put("x", 1));
    assertThat(RequestFingerprint.of(a)).isEqualTo(RequestFingerprint.of(b));
  }

  @Test
  void valuesMatter() {
    String base =
        RequestFingerprint.of(new JsonObject().put("title", "Fix pump").put("priority", "high"));
    assertThat(
            RequestFingerprint.of(new JsonObject().put("title", "Fix pump").put("priority", "low")))
        .isNotEqualTo(base);
    assertThat(
            RequestFingerprint.of(
                new JsonObject().put("title", "Fix pumps").put("priority", "high")))
        .isNotEqualTo(base);
    assertThat(RequestFingerprint.of(new JsonObject().put("title", "Fix pump"))).isNotEqualTo(base);
    assertThat(
            RequestFingerprint.of(
                new JsonObject().put("title", "Fix pump").put("priority", "high").put("x", null)))
        .isNotEqualTo(base);
  }

  @Test
  void keyNamesMatter() {
    assertThat(RequestFingerprint.of(new JsonObject().put("title", "a")))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("titel", "a")));
  }

  @Test
  void typesMatter() {
    assertThat(RequestFingerprint.of(new JsonObject().put("n", 1)))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("n", "1")));
    assertThat(RequestFingerprint.of(new JsonObject().put("b", true)))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("b", "true")));
    assertThat(RequestFingerprint.of(new JsonObject().put("v", (Object) null)))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("v", "null")));
    assertThat(RequestFingerprint.of(new JsonObject().put("o", new JsonObject())))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("o", new JsonArray())));
  }

  @Test
  void arrayOrderMatters() {
    assertThat(
            RequestFingerprint.of(
                new JsonObject().put("skills", new JsonArray().add("hvac").add("electrical"))))
        .isNotEqualTo(
            RequestFingerprint.of(
                new JsonObject().put("skills", new JsonArray().add("electrical").add("hvac"))));
  }

  @Test
  void valuesThatLookLikeSyntaxCannotForgeAnotherRequest() {
    JsonObject twoFields = new JsonObject().put("a", "x").put("b", "y");
    JsonObject oneField = new JsonObject().put("a", "x\",\"b\":\"y");
    assertThat(RequestFingerprint.of(twoFields)).isNotEqualTo(RequestFingerprint.of(oneField));
    JsonObject nested = new JsonObject().put("a", new JsonObject().put("b", 1));
    JsonObject flat = new JsonObject().put("a", "{\"b\":1,}");
    assertThat(RequestFingerprint.of(nested)).isNotEqualTo(RequestFingerprint.of(flat));
  }

  @Test
  void parentIdIsPartOfTheIdentity() {
    JsonObject body = new JsonObject().put("body", "note");
    assertThat(RequestFingerprint.of(new JsonObject().put("body", body).put("id", "a")))
        .isNotEqualTo(RequestFingerprint.of(new JsonObject().put("body", body).put("id", "b")));
  }

  @Test
  void isStableAcrossCalls() {
    JsonObject body = new JsonObject().put("title", "same").put("n", 3);
    assertThat(RequestFingerprint.of(body)).isEqualTo(RequestFingerprint.of(body.copy()));
  }
}
