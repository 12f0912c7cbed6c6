package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.DevTools;
import dev.wrench.support.HeadlessChromium;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /docs} in a real browser (headless Chromium, driven through the DevTools Protocol): a
 * person opens the page, logs in with "Authorize" (the contract's OAuth 2.0 password flow, against
 * {@code /oauth/token}), then lists work orders with "Try it out" → "Execute" and sees the answer.
 * It proves what no HTTP test can: the page's CSP lets Swagger UI reach the token endpoint and the
 * API, the relative server and token URL resolve to this instance, and the token is sent. Chromium
 * must be installed ({@code apt-get install chromium}); without it this test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiTryItOutTest {

  private static final String LIST_WORK_ORDERS = "#operations-work-orders-listWorkOrders";

  /** The auth container of the password flow (its title names the flow). */
  private static final String PASSWORD_FLOW =
      "[...document.querySelectorAll('.auth-container')]"
          + ".find(c => /Flow:\\s*password/.test(c.innerText))";

  private HeadlessChromium chromium;
  private WrenchServer server;
  private Vertx vertx;
  private DevTools page;

  @BeforeAll
  void start() {
    chromium = HeadlessChromium.start();
    server = WrenchServer.start();
    vertx = Vertx.vertx();
    page = DevTools.openPage(vertx, chromium.browserEndpoint());
  }

  @AfterAll
  void stop() {
    if (page != null) {
      page.close();
    }
    if (vertx != null) {
      Http.await(vertx.close());
    }
    if (server != null) {
      server.close();
    }
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void aPersonAuthorizesWithThePasswordFlowAndListsWorkOrdersFromTheDocsPage() {
    String title = "Replace the belt of AHU-7, seen from /docs";
    Http.Response created =
        server
            .http()
            .post("/api/v1/work-orders")
            .token(server.adminToken())
            .json(new JsonObject().put("title", title))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    page.navigate("http://127.0.0.1:" + server.http().port() + "/docs");
    page.click("button.authorize");
    page.type("#oauth_username", WrenchServer.ADMIN_EMAIL);
    page.type("#oauth_password", WrenchServer.ADMIN_PASSWORD);
    page.evaluate(
        PASSWORD_FLOW
            + ".querySelector('button[aria-label=\"Apply given OAuth2 credentials\"]').click()");
    page.waitFor(
        "the password flow to be authorized (or to show an error)",
        PASSWORD_FLOW + "?.querySelector('button[aria-label=\"Remove authorization\"], .errors')");
    assertThat(page.evaluate(PASSWORD_FLOW + ".querySelector('.errors')?.innerText ?? ''"))
        .as("the Authorize dialog's error; page errors: %s", page.pageErrors())
        .isEqualTo("");
    page.click(".auth-btn-wrapper .btn-done");

    page.click(LIST_WORK_ORDERS + " .opblock-summary-control");
    page.click(LIST_WORK_ORDERS + " .try-out__btn");
    page.click(LIST_WORK_ORDERS + " .btn.execute");
    String status = LIST_WORK_ORDERS + " .live-responses-table tbody .response-col_status";
    page.waitFor(
        "the response of Execute", "document.querySelector(" + DevTools.quoted(status) + ")");

    assertThat(page.text(status))
        .as("the response shown; page errors: %s", page.pageErrors())
        .startsWith("200");
    assertThat(page.text(LIST_WORK_ORDERS + " .live-responses-table"))
        .contains(title)
        .contains(created.json().getString("id"));
    assertThat(page.text(LIST_WORK_ORDERS + " .curl-command"))
        .as("the request Swagger UI sent")
        .contains("Authorization: Bearer ");
  }
}
