package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The response validator itself must catch what the contract does not describe. */
class ContractValidatorTest {

  private static Vertx vertx;
  private static ContractValidator contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = ContractValidator.get(vertx);
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static final String ID = "5b0c7d0e-1111-4222-8333-944445555666";

  private static JsonObject workOrder() {
    return new JsonObject()
        .put("id", ID)
        .put("number", "WO-000001")
        .put("title", "t")
        .putNull("description")
        .put("status", "open")
        .put("priority", "high")
        .putNull("asset_id")
        .putNull("assignee_id")
        .put("requester_id", ID)
        .putNull("due_at")
        .put("created_at", "2026-11-26T09:30:00Z")
        .put("updated_at", "2026-11-26T09:30:00Z")
        .putNull("completed_at")
        .put("version", 1)
        .put("type", "corrective")
        .putNull("location_id")
        .putNull("team_id")
        .putNull("pm_schedule_id")
        .putNull("occurrence_at")
        .putNull("checklist_template_id")
        .putNull("follow_up_of")
        .putNull("source_item_key")
        .putNull("request_id")
        .put(
            "costs",
            new JsonObject()
                .put("labor", "0.00")
                .put("parts", "0.00")
                .put("other", "0.00")
                .put("total", "0.00")
                .put("currency", "USD"));
  }

  @Test
  void aConformingResponsePasses() {
    assertThat(
            contract.violations(
                "GET",
                "/api/v1/work-orders/" + ID,
                200,
                "application/json",
                workOrder().toBuffer()))
        .isEmpty();
  }

  @Test
  void aMissingOrMistypedFieldIsAViolation() {
    JsonObject bad = workOrder().put("status", "closed");
    bad.remove("version");
    assertThat(
            contract.violations(
                "GET", "/api/v1/work-orders/" + ID, 200, "application/json", bad.toBuffer()))
        .singleElement()
        .asString()
        .contains("does not match the schema");
  }

  @Test
  void anUndocumentedSuccessStatusIsAViolation() {
    assertThat(
            contract.violations(
                "GET",
                "/api/v1/work-orders/" + ID,
                202,
                "application/json",
                workOrder().toBuffer()))
        .isNotEmpty();
  }

  @Test
  void anErrorMustBeAProblemWithAKnownType() {
    JsonObject problem =
        new JsonObject()
            .put("type", "/problems/not-found")
            .put("title", "Not found")
            .put("status", 404);
    assertThat(
            contract.violations(
                "GET",
                "/api/v1/work-orders/" + ID,
                404,
                "application/problem+json",
                problem.toBuffer()))
        .isEmpty();
    assertThat(
            contract.violations(
                "GET", "/api/v1/work-orders/" + ID, 404, "application/json", problem.toBuffer()))
        .isNotEmpty();
    assertThat(
            contract.violations(
                "GET",
                "/api/v1/work-orders/" + ID,
                404,
                "application/problem+json",
                problem.copy().put("type", "/problems/made-up").toBuffer()))
        .isNotEmpty();
    assertThat(
            contract.violations(
                "GET", "/no/such/path", 404, "text/html", Buffer.buffer("<h1>404</h1>")))
        .isNotEmpty();
  }

  @Test
  void aBodyWhereTheContractHasNoneIsAViolation() {
    assertThat(
            contract.violations(
                "DELETE",
                "/api/v1/work-orders/" + ID,
                204,
                "application/json",
                Buffer.buffer("{}")))
        .isNotEmpty();
  }
}
