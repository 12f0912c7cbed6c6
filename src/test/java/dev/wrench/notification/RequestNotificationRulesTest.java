package dev.wrench.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Who hears of a request's events: its requester, of the decision only. */
class RequestNotificationRulesTest {

  private static JsonObject event(String verb, String requester) {
    return new JsonObject()
        .put("type", "dev.wrench.request." + verb + ".v1")
        .put(
            "data",
            new JsonObject()
                .put("request", new JsonObject().put("requester_id", requester))
                .put("actor_id", "a"));
  }

  @Test
  void theRequesterIsToldOfAnApprovalOrARejection() {
    assertThat(NotificationRules.audiences(event("approved", "u1")).getJsonArray("user_ids"))
        .containsExactly("u1");
    assertThat(NotificationRules.audiences(event("rejected", "u1")).getJsonArray("user_ids"))
        .containsExactly("u1");
  }

  @Test
  void nobodyIsToldOfANewRequestOrOfOneWithoutARequester() {
    JsonObject created = NotificationRules.audiences(event("created", "u1"));
    assertThat(created.getJsonArray("user_ids")).isEmpty();
    assertThat(created.getBoolean("managers")).isFalse();
    assertThat(NotificationRules.audiences(event("approved", null)).getJsonArray("user_ids"))
        .isEmpty();
  }

  @Test
  void theMailNamesTheRequestAndTheReason() {
    JsonObject event =
        new JsonObject()
            .put("id", "e1")
            .put("type", "dev.wrench.request.rejected.v1")
            .put("subject", "r1")
            .put(
                "data",
                new JsonObject()
                    .put(
                        "request",
                        new JsonObject()
                            .put("number", "RQ-000007")
                            .put("title", "Paint")
                            .put("status", "rejected")
                            .put("rejection_reason", "Not maintenance")));
    assertThat(MailTexts.subject(event)).isEqualTo("[Wrench] RQ-000007 was rejected: Paint");
    assertThat(MailTexts.body(event, "Ann"))
        .contains("Reason: Not maintenance")
        .contains("Request id: r1");
  }
}
