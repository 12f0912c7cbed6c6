package dev.wrench.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The numbers of requests and why a move was refused. */
class RequestRulesTest {

  private static final UUID ORG = UUID.randomUUID();

  @Test
  void numbersHaveSixDigitsAtLeast() {
    assertThat(RequestRows.formatNumber(12)).isEqualTo("RQ-000012");
    assertThat(RequestRows.formatNumber(999_999)).isEqualTo("RQ-999999");
    assertThat(RequestRows.formatNumber(1_234_567)).isEqualTo("RQ-1234567");
  }

  @Test
  void aDecidedRequestIs409WithItsStatus() {
    assertThatThrownBy(() -> RequestRules.notPending(new JsonObject().put("status", "approved")))
        .isInstanceOfSatisfying(
            BusError.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.slug()).isEqualTo("request-not-pending");
              assertThat(e.detail()).contains("approved");
            });
  }

  @Test
  void someoneElsesCancelIs403AndTheRequestersOwnOfADecidedOneIs409() {
    UUID requester = UUID.randomUUID();
    JsonObject request =
        new JsonObject().put("status", "pending").put("requester_id", requester.toString());
    Actor other = new Actor(UUID.randomUUID(), ORG, "manager");
    assertThatThrownBy(() -> RequestRules.notCancellable(other, request))
        .isInstanceOfSatisfying(BusError.class, e -> assertThat(e.status()).isEqualTo(403));
    Actor own = new Actor(requester, ORG, "requester");
    assertThatThrownBy(
            () -> RequestRules.notCancellable(own, request.copy().put("status", "rejected")))
        .isInstanceOfSatisfying(
            BusError.class, e -> assertThat(e.slug()).isEqualTo("request-not-pending"));
    // A public request has no requester: nobody may cancel it.
    JsonObject anonymous = new JsonObject().put("status", "pending").putNull("requester_id");
    assertThatThrownBy(() -> RequestRules.notCancellable(own, anonymous))
        .isInstanceOfSatisfying(BusError.class, e -> assertThat(e.status()).isEqualTo(403));
  }
}
