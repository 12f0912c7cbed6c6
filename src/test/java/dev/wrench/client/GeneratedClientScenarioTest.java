package dev.wrench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.client.api.AuthApi;
import dev.wrench.client.api.WorkOrdersApi;
import dev.wrench.client.model.ListWorkOrders200Response;
import dev.wrench.client.model.Priority;
import dev.wrench.client.model.Problem;
import dev.wrench.client.model.ProblemType;
import dev.wrench.client.model.WorkOrder;
import dev.wrench.client.model.WorkOrderCreate;
import dev.wrench.client.model.WorkOrderPatch;
import dev.wrench.client.model.WorkOrderStatus;
import dev.wrench.support.WrenchServer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Java client generated from openapi/wrench.yaml by openapi-generator (at build time, into
 * target/generated-test-sources) runs a real scenario against the running server: the contract is
 * usable by a generated client, not only by hand-written tests. The sources are those of the client
 * module people install (clients/java, built by this build with maven-invoker-plugin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientScenarioTest {

  private WrenchServer server;
  private ApiClient client;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    client = new ApiClient().setScheme("http").setHost("127.0.0.1").setPort(server.http().port());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void logInCreateListWithFiltersPatchWithIfMatchAndDelete() throws Exception {
    String token =
        new AuthApi(client)
            .issueToken(
                "password",
                WrenchServer.ADMIN_EMAIL,
                WrenchServer.ADMIN_PASSWORD,
                null,
                null,
                null,
                null)
            .getAccessToken();
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    WorkOrdersApi workOrders = new WorkOrdersApi(client);

    WorkOrder created =
        workOrders.createWorkOrder(
            new WorkOrderCreate()
                .title("Generated client pump check")
                .priority(Priority.CRITICAL)
                .dueAt(OffsetDateTime.parse("2027-03-01T08:00:00Z")),
            UUID.randomUUID().toString());
    assertThat(created.getStatus()).isEqualTo(WorkOrderStatus.OPEN);
    assertThat(created.getVersion()).isEqualTo(1);

    ListWorkOrders200Response page =
        workOrders.listWorkOrders(
            10,
            null,
            List.of("open"),
            List.of("critical"),
            null,
            null,
            null,
            // type, location_id, pm_schedule_id (issue 19), checklist_template_id, follow_up_of,
            // team_id, request_id (issue 20), due_before, due_after, created_after
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "pump",
            "-created_at");
    assertThat(page.getItems()).extracting(WorkOrder::getId).contains(created.getId());

    WorkOrder started =
        workOrders.updateWorkOrder(
            created.getId(), new WorkOrderPatch().status(WorkOrderStatus.IN_PROGRESS), "\"1\"");
    assertThat(started.getStatus()).isEqualTo(WorkOrderStatus.IN_PROGRESS);
    assertThat(started.getVersion()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                workOrders.updateWorkOrder(
                    created.getId(), new WorkOrderPatch().status(WorkOrderStatus.ON_HOLD), "\"1\""))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertProblem(e, 412, "/problems/precondition-failed"));
    assertThatThrownBy(
            () ->
                workOrders.updateWorkOrder(
                    created.getId(), new WorkOrderPatch().status(WorkOrderStatus.OPEN), "\"2\""))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertProblem(e, 409, "/problems/invalid-transition"));

    workOrders.deleteWorkOrder(created.getId(), "\"2\"");
    assertThatThrownBy(() -> workOrders.getWorkOrder(created.getId(), null))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertProblem(e, 404, "/problems/not-found"));
  }

  /** An error arrives as the client's ApiException; its body is the contract's Problem. */
  private void assertProblem(ApiException e, int status, String type) {
    assertThat(e.getCode()).isEqualTo(status);
    assertThat(e.getResponseHeaders().firstValue("content-type"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
    Problem problem;
    try {
      problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    } catch (java.io.IOException notAProblem) {
      throw new AssertionError(e.getResponseBody(), notAProblem);
    }
    assertThat(problem.getStatus()).isEqualTo(status);
    assertThat(problem.getType()).isEqualTo(ProblemType.fromValue(type));
  }
}
