package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserApiTest {

  private static final String USERS = "/api/v1/users";
  private static final String PASSWORD = "a-long-passphrase-42";

  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String email(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8) + "@wrench.test";
  }

  private Http.Response createUser(JsonObject body) {
    return http.post(USERS).token(admin).json(body).send();
  }

  private JsonObject newUser(String role, String email) {
    Http.Response response =
        createUser(
            new JsonObject()
                .put("email", email)
                .put("name", "N " + role)
                .put("role", role)
                .put("password", PASSWORD));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private static void assertOAuthError(Http.Response response, String error) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.json().getString("error")).isEqualTo(error);
    assertThat(response.json().fieldNames()).isSubsetOf("error", "error_description", "error_uri");
    assertThat(response.json().containsKey("access_token")).isFalse();
  }

  /** No field name or value of the body looks like a password or its hash. */
  private static void assertNoSecret(Http.Response response) {
    String body = response.body().toString();
    assertThat(body)
        .doesNotContain(PASSWORD)
        .doesNotContain("pbkdf2")
        .doesNotContainIgnoringCase("password")
        .doesNotContainIgnoringCase("hash")
        .doesNotContain("salt");
  }

  // --- create ---

  @ParameterizedTest(name = "role={0}")
  @ValueSource(strings = {"admin", "manager", "technician", "requester"})
  void adminCreatesAUserOfEachRoleAndTheResponseHasNoPassword(String role) {
    String email = email(role);
    Http.Response response =
        createUser(
            new JsonObject()
                .put("email", email)
                .put("name", "Someone")
                .put("role", role)
                .put("password", PASSWORD));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject user = response.json();
    assertThat(response.header("Location")).isEqualTo(USERS + "/" + user.getString("id"));
    assertThat(user.getString("email")).isEqualTo(email);
    assertThat(user.getString("name")).isEqualTo("Someone");
    assertThat(user.getString("role")).isEqualTo(role);
    assertThat(user.getBoolean("active")).isTrue();
    assertThat(user.getString("created_at")).endsWith("Z");
    assertThat(user.fieldNames())
        .containsExactlyInAnyOrder(
            "id", "email", "name", "role", "active", "site_ids", "created_at");
    assertNoSecret(response);

    Http.Response fetched = http.get(response.header("Location")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(user);
    assertNoSecret(fetched);
  }

  @Test
  void noListedUserCarriesAPasswordOrHash() {
    newUser("requester", email("listed"));
    Http.Response response = http.get(USERS + "?limit=100").token(admin).send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.items()).isNotEmpty();
    assertNoSecret(response);
  }

  @Test
  void theNameIsOptional() {
    Http.Response response =
        createUser(
            new JsonObject()
                .put("email", email("nameless"))
                .put("role", "requester")
                .put("password", PASSWORD));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.json().getValue("name")).isNull();
  }

  @Test
  void aDuplicateEmailIs409AndItIsCaseInsensitive() {
    String email = email("dup");
    newUser("technician", email);
    Http.Response same =
        createUser(
            new JsonObject().put("email", email).put("role", "manager").put("password", PASSWORD));
    assertProblem(same, 409, "/problems/conflict");
    Http.Response upper =
        createUser(
            new JsonObject()
                .put("email", email.toUpperCase(Locale.ROOT))
                .put("role", "manager")
                .put("password", PASSWORD));
    assertProblem(upper, 409, "/problems/conflict");
  }

  @Test
  void aPasswordShorterThan12Is400() {
    String email = email("short");
    Http.Response response =
        createUser(
            new JsonObject()
                .put("email", email)
                .put("role", "requester")
                .put("password", "elevenchars"));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/password");
    assertThat(response.body().toString()).doesNotContain("elevenchars");
    assertOAuthError(Tokens.passwordGrant(http, email, "elevenchars"), "invalid_grant");

    Http.Response twelve =
        createUser(
            new JsonObject()
                .put("email", email)
                .put("role", "requester")
                .put("password", "twelve-chars"));
    assertThat(twelve.status()).as(twelve.toString()).isEqualTo(201);
  }

  @Test
  void anInvalidUserBodyIs400WithPointers() {
    Http.Response response =
        createUser(
            new JsonObject()
                .put("email", "not-an-email")
                .put("role", "superuser")
                .put("password", PASSWORD)
                .put("active", false));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/email", "/role", "/active");
    assertProblem(
        createUser(new JsonObject().put("email", email("missing")).put("role", "admin")),
        400,
        "/problems/validation");
    assertProblem(
        createUser(new JsonObject().put("email", email("x")).put("password", PASSWORD)),
        400,
        "/problems/validation");
  }

  // --- read ---

  @Test
  void getOfAnUnknownUserIs404() {
    assertProblem(
        http.get(USERS + "/" + UUID.randomUUID()).token(admin).send(), 404, "/problems/not-found");
    assertProblem(http.get(USERS + "/not-a-uuid").token(admin).send(), 400, "/problems/validation");
  }

  @Test
  void listFiltersByRole() {
    JsonObject manager = newUser("manager", email("rf-manager"));
    JsonObject technician = newUser("technician", email("rf-technician"));
    JsonObject requester = newUser("requester", email("rf-requester"));

    List<JsonObject> managers = Pages.collect(http, admin, USERS + "?role=manager", 100);
    assertThat(managers).allSatisfy(u -> assertThat(u.getString("role")).isEqualTo("manager"));
    assertThat(Pages.ids(managers))
        .contains(manager.getString("id"))
        .doesNotContain(technician.getString("id"), requester.getString("id"));

    List<JsonObject> admins = Pages.collect(http, admin, USERS + "?role=admin", 100);
    assertThat(admins).extracting(u -> u.getString("email")).contains(WrenchServer.ADMIN_EMAIL);
    assertThat(admins).allSatisfy(u -> assertThat(u.getString("role")).isEqualTo("admin"));

    for (String query : List.of("role=technician,requester", "role=technician&role=requester")) {
      List<JsonObject> either = Pages.collect(http, admin, USERS + "?" + query, 100);
      assertThat(either)
          .allSatisfy(u -> assertThat(u.getString("role")).isIn("technician", "requester"));
      assertThat(Pages.ids(either))
          .contains(technician.getString("id"), requester.getString("id"))
          .doesNotContain(manager.getString("id"));
    }
    assertProblem(http.get(USERS + "?role=owner").token(admin).send(), 400, "/problems/validation");
  }

  @Test
  void listPagesOldestFirstWithoutGapsOrDuplicates() {
    for (int i = 0; i < 5; i++) {
      newUser("requester", email("page" + i));
    }
    List<JsonObject> everything = Pages.collect(http, admin, USERS, 100);
    assertThat(everything.size()).isGreaterThanOrEqualTo(6);
    assertThat(everything.get(0).getString("email")).isEqualTo(WrenchServer.ADMIN_EMAIL);
    assertThat(everything).isSortedAccordingTo(Pages.order("created_at"));
    List<JsonObject> paged = Pages.collect(http, admin, USERS, 2);
    assertThat(Pages.ids(paged))
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(Pages.ids(everything));
    List<JsonObject> requesters = Pages.collect(http, admin, USERS + "?role=requester", 1);
    assertThat(requesters.size()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void listRejectsUnknownParametersAndBadCursors() {
    Http.Response sort = http.get(USERS + "?sort=email").token(admin).send();
    assertProblem(sort, 400, "/problems/validation");
    assertThat(pointers(sort)).containsExactly("/query/sort");
    assertProblem(http.get(USERS + "?email=x").token(admin).send(), 400, "/problems/validation");
    Http.Response cursor = http.get(USERS + "?cursor=garbage").token(admin).send();
    assertProblem(cursor, 400, "/problems/validation");
    assertThat(pointers(cursor)).contains("/query/cursor");
  }

  // --- logging in ---

  @Test
  void theNewUserCanLogInAndUseTheToken() {
    String email = email("login");
    JsonObject user = newUser("manager", email);
    Http.Response response = Tokens.passwordGrant(http, email, PASSWORD);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonObject token = response.json();
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(token.getString("access_token")).isNotBlank();
    assertThat(token.getInteger("expires_in")).isPositive();
    assertThat(token.getString("scope")).isNotNull();
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");

    // The token works and carries the role: a manager may list work orders, not users.
    assertThat(
            http.get("/api/v1/work-orders").token(token.getString("access_token")).send().status())
        .isEqualTo(200);
    assertThat(http.get(USERS).token(token.getString("access_token")).send().status())
        .isEqualTo(403);
    assertThat(user.getString("role")).isEqualTo("manager");
  }

  @Test
  void logInIgnoresTheCaseOfTheEmail() {
    String email = email("casey");
    newUser("requester", email);
    assertThat(Tokens.passwordGrant(http, email.toUpperCase(Locale.ROOT), PASSWORD).status())
        .isEqualTo(200);
  }

  @Test
  void aWrongPasswordAndAnUnknownAccountGiveTheSameInvalidGrant() {
    String email = email("guarded");
    newUser("technician", email);
    Http.Response wrongPassword = Tokens.passwordGrant(http, email, PASSWORD + "-wrong");
    Http.Response unknownAccount = Tokens.passwordGrant(http, email("nobody"), PASSWORD);
    assertOAuthError(wrongPassword, "invalid_grant");
    assertOAuthError(unknownAccount, "invalid_grant");
    assertThat(unknownAccount.status()).isEqualTo(wrongPassword.status());
    assertThat(unknownAccount.json()).isEqualTo(wrongPassword.json());
  }

  @Test
  void anUnsupportedGrantTypeIs400UnsupportedGrantType() {
    assertOAuthError(
        Tokens.grant(http, "grant_type=authorization_code&code=x"), "unsupported_grant_type");
  }

  @Test
  void aJsonBodyToTheTokenEndpointIs400InvalidRequest() {
    Http.Response response =
        http.post(Tokens.PATH)
            .json(
                new JsonObject()
                    .put("grant_type", "password")
                    .put("username", WrenchServer.ADMIN_EMAIL)
                    .put("password", WrenchServer.ADMIN_PASSWORD))
            .send();
    assertOAuthError(response, "invalid_request");
  }

  @Test
  void aTokenRequestWithoutGrantTypeOrCredentialsIs400InvalidRequest() {
    assertOAuthError(Tokens.grant(http, "username=a%40b.c&password=x"), "invalid_request");
    assertOAuthError(
        Tokens.grant(http, "grant_type=password&username=" + Tokens.enc(WrenchServer.ADMIN_EMAIL)),
        "invalid_request");
    assertOAuthError(Tokens.grant(http, "grant_type=password&password=x"), "invalid_request");
  }
}
