package dev.wrench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WrenchServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@code admin} command against a running Wrench's database, checked by logging in over HTTP
 * (a disabled user cannot, a new password replaces the old one, a new client and key are accepted).
 */
class AdminCommandTest {

  private static final String PASSWORD = "a-long-enough-password";

  @TempDir static Path dir;

  private static WrenchServer server;
  private static Http http;
  private static Supplier<AppConfig> config;

  @BeforeAll
  static void start() {
    server = WrenchServer.start();
    http = server.http();
    config = CommandRun.config(server.database(), server.keyDir(), dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CommandRun admin(String... args) {
    return CommandRun.admin(config, "", args);
  }

  private static CommandRun succeeded(CommandRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private static Path passwordFile(String password) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "password", ""), password + "\n");
  }

  @Test
  void aUserMadeWithAPasswordFileLogsInAndADisabledOneCannot() throws Exception {
    String file = passwordFile(PASSWORD).toString();
    CommandRun created =
        succeeded(
            admin(
                "create-user",
                "--email",
                "mia@wrench.test",
                "--role",
                "manager",
                "--password-file",
                file));
    assertThat(created.out()).contains("Created manager");
    String refresh =
        Tokens.loginAnswer(http, "mia@wrench.test", PASSWORD).getString("refresh_token");

    succeeded(admin("disable-user", "--email", "mia@wrench.test"));
    assertThat(Tokens.passwordGrant(http, "mia@wrench.test", PASSWORD).status()).isEqualTo(400);
    assertThat(Tokens.refreshGrant(http, refresh).status()).isEqualTo(400);

    succeeded(admin("enable-user", "--email", "mia@wrench.test"));
    assertThat(Tokens.login(http, "mia@wrench.test", PASSWORD)).isNotBlank();
  }

  @Test
  void aPasswordResetFromStdinReplacesTheOldOne() throws Exception {
    succeeded(
        admin(
            "create-user",
            "--email",
            "ned@wrench.test",
            "--role",
            "technician",
            "--password-file",
            passwordFile(PASSWORD).toString()));
    CommandRun reset =
        CommandRun.admin(
            config,
            "another-long-password\n",
            "reset-password",
            "--email",
            "NED@wrench.test",
            "--password-file",
            "-");
    succeeded(reset);
    assertThat(Tokens.passwordGrant(http, "ned@wrench.test", PASSWORD).status()).isEqualTo(400);
    assertThat(Tokens.login(http, "ned@wrench.test", "another-long-password")).isNotBlank();
  }

  @Test
  void aGeneratedPasswordIsShownOnceAndAPasswordOnTheCommandLineIsWarnedAbout() {
    CommandRun generated =
        succeeded(admin("create-user", "--email", "gen@wrench.test", "--role", "requester"));
    Matcher password = Pattern.compile("(?m)^password=(\\S+)$").matcher(generated.out());
    assertThat(password.find()).isTrue();
    assertThat(Tokens.login(http, "gen@wrench.test", password.group(1))).isNotBlank();

    CommandRun given =
        succeeded(
            admin(
                "create-user",
                "--email",
                "arg@wrench.test",
                "--role",
                "requester",
                "--password",
                PASSWORD));
    assertThat(given.err()).contains("Warning: a password on the command line");
    assertThat(given.out()).doesNotContain("password=");
  }

  @Test
  void anOrganizationIsMadeWithItsAdminWhoLogsIn() throws Exception {
    CommandRun created =
        succeeded(
            admin(
                "create-org",
                "--name",
                "Acme",
                "--admin-email",
                "boss@acme.test",
                "--password-file",
                passwordFile(PASSWORD).toString()));
    assertThat(created.out()).containsPattern("Created organization [0-9a-f-]{36} \\(Acme\\)");
    assertThat(Tokens.login(http, "boss@acme.test", PASSWORD)).isNotBlank();
  }

  @Test
  void platformAdminIsGrantedAndRevoked() throws Exception {
    succeeded(
        admin(
            "create-user",
            "--email",
            "pat@wrench.test",
            "--role",
            "admin",
            "--password",
            PASSWORD));
    succeeded(admin("grant-platform-admin", "--email", "pat@wrench.test"));
    assertThat(platformAdmin("pat@wrench.test")).isTrue();
    succeeded(admin("revoke-platform-admin", "--email", "pat@wrench.test"));
    assertThat(platformAdmin("pat@wrench.test")).isFalse();
    Http.Response audit =
        http.get("/api/v1/audit-events?action=user.platform_admin_grant")
            .token(server.adminToken())
            .send();
    assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
    assertThat(audit.json().getJsonArray("items").getJsonObject(0).getString("subject"))
        .isEqualTo("admin command");
  }

  @Test
  void aClientAndAnApiKeyMadeByTheCommandAreAccepted() {
    CommandRun client =
        succeeded(
            admin("create-client", "--user-email", WrenchServer.ADMIN_EMAIL, "--name", "cli"));
    String clientId = value(client.out(), "client_id");
    String secret = value(client.out(), "client_secret");
    Http.Response grant =
        Tokens.grant(
            http,
            "grant_type=client_credentials&client_id="
                + Tokens.enc(clientId)
                + "&client_secret="
                + Tokens.enc(secret));
    assertThat(grant.status()).as(grant.toString()).isEqualTo(200);

    CommandRun key =
        succeeded(
            admin(
                "create-api-key",
                "--user-email",
                WrenchServer.ADMIN_EMAIL,
                "--name",
                "cli",
                "--scope",
                "read"));
    Http.Response listed =
        http.get("/api/v1/assets")
            .header("Authorization", "ApiKey " + value(key.out(), "key"))
            .send();
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
  }

  @Test
  void signingKeysArePrintedAsAKubernetesSecretOfTheServersKeys() throws Exception {
    CommandRun secret = succeeded(admin("signing-keys", "--namespace", "ops"));
    String privateKey = Files.readString(server.keyDir().resolve("signing-key.pem"));
    assertThat(secret.out())
        .contains("kind: Secret", "name: wrench-signing-keys", "namespace: ops")
        .contains("  signing-key.pem: |\n    -----BEGIN PRIVATE KEY-----")
        .contains("    " + privateKey.lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void badInputIsAUsageErrorAndARefusalAFailure() {
    assertThat(admin("create-user", "--email", "x@wrench.test", "--role", "boss").exitCode())
        .isEqualTo(2);
    assertThat(admin("create-user", "--email", "x@wrench.test").exitCode()).isEqualTo(2);
    assertThat(
            admin(
                    "create-user",
                    "--email",
                    "x@wrench.test",
                    "--role",
                    "requester",
                    "--password",
                    "short")
                .exitCode())
        .isEqualTo(2);
    CommandRun unknown = admin("disable-user", "--email", "nobody@wrench.test");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("refused (404)");
    CommandRun twice = admin("create-user", "--email", WrenchServer.ADMIN_EMAIL, "--role", "admin");
    assertThat(twice.exitCode()).isEqualTo(1);
    assertThat(admin().exitCode()).isEqualTo(2);
  }

  @Test
  void everyCommandHasHelp() {
    CommandRun help = admin("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains(
            "create-org",
            "create-user",
            "disable-user",
            "enable-user",
            "reset-password",
            "grant-platform-admin",
            "revoke-platform-admin",
            "create-client",
            "create-api-key",
            "signing-keys",
            "Exit codes");
    CommandRun subHelp = admin("reset-password", "--help");
    assertThat(subHelp.exitCode()).isZero();
    assertThat(subHelp.out()).contains("--password-file", "--email");
  }

  private static String value(String output, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }

  private static boolean platformAdmin(String email) throws Exception {
    try (Connection sql = server.database().connect();
        PreparedStatement query =
            sql.prepareStatement("SELECT platform_admin FROM users WHERE email = ?")) {
      query.setString(1, email);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }
}
