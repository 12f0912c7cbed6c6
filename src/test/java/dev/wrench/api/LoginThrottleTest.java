package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.auth.LoginThrottle;
import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Brute force on the password grant: failures per account and per address are counted across
 * instances (in PostgreSQL), slow the answers down, then lock the subject for a configured period,
 * and the answers are the same whether or not the account exists.
 */
class LoginThrottleTest {

  private static JsonObject throttle(int accountLockout, int addressLockout) {
    return new JsonObject()
        .put(
            "auth",
            new JsonObject()
                .put(
                    "login_throttle",
                    new JsonObject()
                        .put("account_delay_after", 2)
                        .put("account_lockout_after", accountLockout)
                        .put("address_delay_after", addressLockout)
                        .put("address_lockout_after", addressLockout)
                        .put("base_delay_ms", 1)
                        .put("max_delay_ms", 5)
                        .put("lockout_seconds", 600)));
  }

  @Test
  void anAccountIsLockedAfterRepeatedFailuresAndAnUnknownOneLooksTheSame() throws SQLException {
    try (WrenchServer server = WrenchServer.start(throttle(3, 1_000))) {
      Http http = server.http();
      WrenchServer.User user = server.createUser("manager");
      String right = "password-of-" + user.email();
      String nobody = "nobody-" + UUID.randomUUID() + "@wrench.test";
      for (int i = 0; i < 3; i++) {
        Http.Response known = Tokens.passwordGrant(http, user.email(), "wrong-" + i);
        Http.Response unknown = Tokens.passwordGrant(http, nobody, "wrong-" + i);
        assertThat(known.status()).isEqualTo(400);
        assertThat(unknown.json()).isEqualTo(known.json());
      }
      // Locked: even the right password is refused, and an unknown account gets the same answer.
      Http.Response locked = Tokens.passwordGrant(http, user.email(), right);
      Http.Response lockedUnknown = Tokens.passwordGrant(http, nobody, right);
      assertThat(locked.status()).isEqualTo(400);
      assertThat(locked.json().getString("error")).isEqualTo("invalid_grant");
      assertThat(locked.json().containsKey("access_token")).isFalse();
      assertThat(locked.header("Retry-After")).isNotNull();
      assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 600L);
      assertThat(lockedUnknown.status()).isEqualTo(locked.status());
      assertThat(lockedUnknown.json().getString("error")).isEqualTo("invalid_grant");
      assertThat(lockedUnknown.header("Retry-After")).isNotNull();
      // The lock is per account: another account from the same address still logs in.
      WrenchServer.User other = server.createUser("technician");
      assertThat(Tokens.passwordGrant(http, other.email(), "password-of-" + other.email()).status())
          .isEqualTo(200);
      // Email case does not dodge the lock.
      assertThat(Tokens.passwordGrant(http, user.email().toUpperCase(), right).status())
          .isEqualTo(400);

      // When the period is over, the right password works again and clears the count.
      try (Connection sql = server.database().connect();
          Statement statement = sql.createStatement()) {
        statement.executeUpdate(
            "UPDATE login_failures SET locked_until = now() - interval '1 second'");
      }
      assertThat(Tokens.passwordGrant(http, user.email(), right).status()).isEqualTo(200);
      assertThat(Tokens.passwordGrant(http, user.email(), "wrong-again").status()).isEqualTo(400);
      assertThat(Tokens.passwordGrant(http, user.email(), right).status()).isEqualTo(200);
    }
  }

  @Test
  void anAddressIsLockedAfterFailuresAcrossManyAccounts() {
    try (WrenchServer server = WrenchServer.start(throttle(1_000, 5))) {
      Http http = server.http();
      WrenchServer.User user = server.createUser("manager");
      for (int i = 0; i < 5; i++) {
        assertThat(Tokens.passwordGrant(http, "spray-" + i + "@wrench.test", "guess").status())
            .isEqualTo(400);
      }
      Http.Response locked =
          Tokens.passwordGrant(http, user.email(), "password-of-" + user.email());
      assertThat(locked.status()).isEqualTo(400);
      assertThat(locked.json().getString("error_description")).contains("too many failed log-ins");
    }
  }

  @Test
  void theDelayGrowsWithFailuresUpToItsCeiling() {
    LoginThrottle policy = new LoginThrottle(3, 10, 20, 100, 900, 900, 250, 5_000);
    assertThat(policy.delayMillis(0, 0)).isZero();
    assertThat(policy.delayMillis(2, 19)).isZero();
    assertThat(policy.delayMillis(3, 0)).isEqualTo(250);
    assertThat(policy.delayMillis(4, 0)).isEqualTo(500);
    assertThat(policy.delayMillis(6, 0)).isEqualTo(2_000);
    assertThat(policy.delayMillis(9, 0)).isEqualTo(5_000);
    assertThat(policy.delayMillis(0, 21)).isEqualTo(500);
    assertThat(policy.delayMillis(1_000, 1_000)).isEqualTo(5_000);
    // These are the documented defaults (conf/config.yaml), as the configuration reads them.
    assertThat(AppConfig.load(new JsonObject()).loginThrottle()).isEqualTo(policy);
  }
}
