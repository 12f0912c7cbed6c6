package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.wrench.api.MatrixContract.Operation;
import dev.wrench.api.MatrixRequests.Prepared;
import dev.wrench.support.Http;
import io.vertx.core.http.HttpMethod;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Tokens as the contract requires them: every protected operation answers 401 without a token or
 * with a bad one, before any other check; public operations need none.
 */
class TokenRequirementTest extends PermissionMatrixFixture {

  @TestFactory
  Stream<DynamicNode> everyProtectedOperationWithoutATokenIs401() {
    return protectedOperations().stream()
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Prepared request = prepare(op, false);
                      Http.Response response = send(op, request, null);
                      assertUnauthorized(op, response);
                    }));
  }

  @TestFactory
  Stream<DynamicNode> everyProtectedOperationWithABadTokenIs401() {
    String tampered = admin.substring(0, admin.length() - 6) + "AAAAAA";
    return protectedOperations().stream()
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Prepared request = prepare(op, false);
                      assertUnauthorized(op, send(op, request, "not.a.jwt"));
                      assertUnauthorized(op, send(op, request, tampered));
                    }));
  }

  @TestFactory
  Stream<DynamicNode> publicOperationsNeedNoToken() {
    return operations().stream()
        .filter(Operation::isPublic)
        .map(
            op ->
                dynamicTest(
                    op.toString(),
                    () -> {
                      Http.Response response =
                          http.call(HttpMethod.valueOf(op.method().toUpperCase()), op.path())
                              .send();
                      assertThat(response.status())
                          .as("%s without a token -> %s", op, response)
                          .isNotIn(401, 403);
                      assertThat(response.status()).as("%s -> %s", op, response).isLessThan(500);
                    }));
  }

  private static void assertUnauthorized(Operation op, Http.Response response) {
    assertThat(response.status()).as("%s -> %s", op, response).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).as("%s", op).startsWith("Bearer");
    assertProblem(response, 401, "/problems/unauthorized");
  }
}
