package dev.wrench.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.config.RateLimitConfig;
import dev.wrench.core.Actor;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

  private final UUID vip = UUID.randomUUID();
  private final RateLimitPolicy policy =
      new RateLimitPolicy(
          new RateLimitConfig(
              100,
              30,
              60,
              Map.of("issueToken", 10),
              Map.of("requester", 20),
              Map.of(vip.toString(), 5_000)));

  private static Actor actor(UUID id, String role) {
    return new Actor(id, UUID.randomUUID(), role);
  }

  @Test
  void aPrincipalSpendsItsOwnBudget() {
    UUID user = UUID.randomUUID();
    assertThat(policy.budgetFor(null, actor(user, "admin"), "10.0.0.1"))
        .isEqualTo(new RateLimitPolicy.Budget("u:" + user, 100));
    assertThat(policy.windowMillis()).isEqualTo(60_000);
  }

  @Test
  void aPublicRequestLinkTokenHasABudgetAndAWindowOfItsOwn() {
    assertThat(policy.publicRequestTokenBudget("digest"))
        .isEqualTo(new RateLimitPolicy.Budget("intake:digest", 30));
    assertThat(policy.publicRequestTokenWindowMillis()).isEqualTo(3_600_000);
    RateLimitPolicy tight =
        new RateLimitPolicy(
            new RateLimitConfig(
                100, 30, 60, Map.of(), Map.of(), Map.of(), new RateLimitConfig.TokenBudget(2, 90)));
    assertThat(tight.publicRequestTokenBudget("d").limit()).isEqualTo(2);
    assertThat(tight.publicRequestTokenWindowMillis()).isEqualTo(90_000);
  }

  @Test
  void anAnonymousRequestSpendsItsAddresssBudget() {
    assertThat(policy.budgetFor(null, null, "10.0.0.1"))
        .isEqualTo(new RateLimitPolicy.Budget("a:10.0.0.1", 30));
  }

  @Test
  void aClientLimitBeatsARoleLimitWhichBeatsTheDefault() {
    UUID requester = UUID.randomUUID();
    assertThat(policy.budgetFor(null, actor(requester, "requester"), "x").limit()).isEqualTo(20);
    assertThat(policy.budgetFor(null, actor(vip, "requester"), "x").limit()).isEqualTo(5_000);
  }

  @Test
  void aRouteWithItsOwnLimitHasItsOwnBucket() {
    assertThat(policy.budgetFor("issueToken", null, "10.0.0.1"))
        .isEqualTo(new RateLimitPolicy.Budget("a:10.0.0.1:issueToken", 10));
    UUID user = UUID.randomUUID();
    assertThat(policy.budgetFor("issueToken", actor(user, "admin"), "x"))
        .isEqualTo(new RateLimitPolicy.Budget("u:" + user + ":issueToken", 10));
    assertThat(policy.budgetFor("listWorkOrders", null, "10.0.0.1").bucket())
        .isEqualTo("a:10.0.0.1");
    assertThat(policy.routeOperations()).containsExactly("issueToken");
  }

  @Test
  void byDefaultTheProbesDoNotSpendTheAnonymousBudget() {
    RateLimitPolicy defaults = new RateLimitPolicy(AppConfig.load(new JsonObject()).rateLimit());
    // A probe every second for liveness and readiness from one address: 120 a minute.
    assertThat(defaults.budgetFor("getReadiness", null, "10.0.0.7"))
        .isEqualTo(new RateLimitPolicy.Budget("a:10.0.0.7:getReadiness", 600));
    assertThat(defaults.budgetFor("getLiveness", null, "10.0.0.7"))
        .isEqualTo(new RateLimitPolicy.Budget("a:10.0.0.7:getLiveness", 600));
    assertThat(defaults.budgetFor(null, null, "10.0.0.7"))
        .isEqualTo(new RateLimitPolicy.Budget("a:10.0.0.7", 100));
  }
}
