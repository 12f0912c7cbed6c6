package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.wrench.api.MatrixContract.Operation;
import dev.wrench.api.MatrixRequests.Prepared;
import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The permission matrix, checked against the contract itself: every operation of {@code
 * openapi/wrench.yaml} whose {@code x-roles} is not {@code [public]} is called by every role. A new
 * operation is covered as soon as it is in the document.
 *
 * <p>Each call is a real, valid request: path ids name a resource made for that call (a work order
 * requested by the requester and assigned to the technician, so that row rules let the allowed
 * roles through), the body is the operation's first example when it is valid against its schema
 * (else a minimal body built from the schema), and {@code If-Match} carries the resource's current
 * ETag.
 */
class PermissionMatrixTest extends PermissionMatrixFixture {

  /** One multipart part holding a text file, as the matrix uploads it (used by other tests too). */
  static String textFilePart(String filename, String text) {
    return MatrixRequests.textFilePart(filename, text);
  }

  @TestFactory
  Stream<DynamicNode> eachRoleIsAllowedExactlyTheOperationsItsXRolesName() {
    return protectedOperations().stream()
        .map(
            op ->
                dynamicContainer(
                    op.toString(),
                    Stream.concat(
                            ROLES.stream(),
                            op.roles().contains(PLATFORM_ADMIN)
                                ? Stream.of(PLATFORM_ADMIN)
                                : Stream.empty())
                        .map(
                            role ->
                                op.roles().contains(role)
                                    ? dynamicTest(
                                        role + " may call " + op.operationId(),
                                        () -> assertAllowed(op, role))
                                    : dynamicTest(
                                        role + " is forbidden " + op.operationId(),
                                        () -> assertForbidden(op, role)))));
  }

  private void assertAllowed(Operation op, String role) {
    Prepared request = prepare(op, true);
    Http.Response response = send(op, request, tokens.get(role));
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isNotIn(401, 403);
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isLessThan(500);
    if (request.resolved()) {
      // Every resource the request names exists and is visible to the role: the call succeeds.
      assertThat(response.status()).as("%s as %s -> %s", op, role, response).isBetween(200, 299);
    }
  }

  private void assertForbidden(Operation op, String role) {
    Prepared request = prepare(op, true);
    Http.Response response = send(op, request, tokens.get(role));
    assertThat(response.status()).as("%s as %s -> %s", op, role, response).isEqualTo(403);
    assertProblem(response, 403, "/problems/forbidden");
    JsonObject problem = response.json();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("instance")).isEqualTo(request.path().replaceAll("\\?.*$", ""));
  }
}
