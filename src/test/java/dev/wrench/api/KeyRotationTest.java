package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.auth.SigningKeys;
import dev.wrench.support.Jwts;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A signing key rotation with instances restarted one step at a time: at no point does an instance
 * receive a token it cannot verify, and tokens signed with the old key stay valid after it.
 */
class KeyRotationTest {

  private static List<String> kids(WrenchServer server) {
    JsonArray keys = server.http().get("/.well-known/jwks.json").send().json().getJsonArray("keys");
    return keys.stream().map(k -> ((JsonObject) k).getString("kid")).toList();
  }

  private static int use(WrenchServer server, String token) {
    return server.http().get("/api/v1/work-orders").token(token).send().status();
  }

  @Test
  void rotatingInTwoStepsKeepsEveryTokenValidEverywhere() throws Exception {
    try (WrenchServer first = WrenchServer.start()) {
      String before = first.adminToken();
      String oldKid = Jwts.header(before).getString("kid");
      assertThat(kids(first)).containsExactly(oldKid);

      // Step 1: stage. A restarted instance trusts and publishes the next key, still signs with
      // the old one.
      assertThat(SigningKeys.rotate(first.keyDir())).startsWith("staged");
      try (WrenchServer staged = first.startAnotherInstance(new JsonObject())) {
        List<String> published = kids(staged);
        assertThat(published).hasSize(2).startsWith(oldKid);
        String newKid = published.get(1);
        assertThat(Jwts.header(staged.adminToken()).getString("kid")).isEqualTo(oldKid);
        assertThat(use(staged, before)).isEqualTo(200);

        // Step 2: promote. A restarted instance signs with the new key and still trusts the old.
        assertThat(SigningKeys.rotate(first.keyDir())).startsWith("promoted");
        try (WrenchServer promoted = first.startAnotherInstance(new JsonObject())) {
          assertThat(kids(promoted)).containsExactly(newKid, oldKid);
          String after = promoted.adminToken();
          assertThat(Jwts.header(after).getString("kid")).isEqualTo(newKid);
          // Old tokens on the new instance, new tokens on the staged instance: both valid.
          assertThat(use(promoted, before)).isEqualTo(200);
          assertThat(use(staged, after)).isEqualTo(200);
          assertThat(use(promoted, after)).isEqualTo(200);
          // The instance that never restarted cannot know the new key: why the staging step
          // exists.
          assertThat(use(first, after)).isEqualTo(401);
        }
      }
    }
  }
}
