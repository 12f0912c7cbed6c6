package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens from the service's {@code POST /oauth/token}, asked for one way: a grant answered as it is
 * (for tests of the endpoint), or a log-in that must succeed (for tests that only need a token).
 * Tests that send it something odd (headers, a JSON body, raw bytes) use {@link #PATH} and {@link
 * #FORM}. Users of a role, of another organization or limited to sites are made by {@link
 * WrenchServer}, which logs them in here; hand-made and forged JWTs are {@link Jwts}'.
 */
public final class Tokens {

  public static final String PATH = "/oauth/token";
  public static final String FORM = "application/x-www-form-urlencoded";

  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

  private Tokens() {}

  /** {@code POST /oauth/token} with the form {@code form}, answered as it is. */
  public static Http.Response grant(Http http, String form) {
    return http.post(PATH).raw(FORM, form).send();
  }

  /** The password grant of {@code username}, answered as it is. */
  public static Http.Response passwordGrant(Http http, String username, String password) {
    return grant(http, passwordForm(username, password));
  }

  /** The refresh grant of {@code refreshToken}, answered as it is. */
  public static Http.Response refreshGrant(Http http, String refreshToken) {
    return grant(http, "grant_type=refresh_token&refresh_token=" + enc(refreshToken));
  }

  /** An access token for {@code email}, or fails the test. */
  public static String login(Http http, String email, String password) {
    return loginAnswer(http, email, password).getString("access_token");
  }

  /**
   * The whole answer to a log-in of {@code email} (access and refresh token), or fails the test.
   */
  public static JsonObject loginAnswer(Http http, String email, String password) {
    Http.Response response = passwordGrant(http, email, password);
    assertThat(response.status()).as("log-in of %s: %s", email, response).isEqualTo(200);
    return response.json();
  }

  /**
   * An access token for {@code email} from the service on {@code port} over plain JDK HTTP (the
   * packaged jar's tests, outside Vert.x), or fails the test.
   */
  public static String login(HttpClient client, int port, String email, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> token =
        client.send(
            HttpRequest.newBuilder(LocalHttp.uri(port, PATH))
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(passwordForm(email, password)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as("log-in of %s: %s", email, token.body()).isEqualTo(200);
    Matcher m = ACCESS_TOKEN.matcher(token.body());
    assertThat(m.find()).as(token.body()).isTrue();
    return m.group(1);
  }

  /** The form of a password grant, its values URL-encoded. */
  public static String passwordForm(String username, String password) {
    return "grant_type=password&username=" + enc(username) + "&password=" + enc(password);
  }

  public static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
