package dev.wrench.app;

import dev.wrench.auth.ApiKeys;
import dev.wrench.auth.PasswordHasher;
import dev.wrench.auth.Secrets;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import dev.wrench.identity.ApiKeyService;
import dev.wrench.identity.OAuthClientService;
import dev.wrench.identity.OrganizationService;
import dev.wrench.identity.TokenGrants;
import dev.wrench.identity.UserService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar wrench.jar admin ...}: an operator's account work, straight on the database
 * (reached as {@code serve} reaches it, see {@link CommandDatabase}), through the same bus
 * contracts as the API, with passwords hashed as the server hashes them ({@link PasswordHasher}
 * with {@code auth.password_iterations}). For a first organization, a locked-out admin, a platform
 * admin grant.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    versionProvider = WrenchVersion.class,
    description = "Manage organizations, users and credentials on the configured database.",
    footer = {
      "",
      "Exit codes: 0 done, 1 failed (refused, or the database unreachable), 2 usage or"
          + " configuration error. See docs/admin-cli.md."
    })
final class AdminCommand implements Callable<Integer> {

  /**
   * The operator, as the actor of a create in an organization: no user of it. Creates record their
   * actor only for an idempotency key, which these commands never send.
   */
  private static final UUID OPERATOR = new UUID(0, 0);

  private final Supplier<AppConfig> config;
  private final InputStream stdin;
  private final PrintWriter out;
  private final PrintWriter err;

  AdminCommand(Supplier<AppConfig> config, InputStream stdin, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  @Spec CommandSpec spec;

  /** {@code admin} alone names no command: a usage error. */
  @Override
  public Integer call() {
    err.println("admin: name a command");
    spec.commandLine().usage(err);
    return CommandLines.USAGE;
  }

  @Command(
      name = "create-org",
      mixinStandardHelpOptions = true,
      description = "Create an organization with its first admin.")
  int createOrg(
      @Option(names = "--name", required = true, description = "The organization's name.")
          String name,
      @Option(names = "--admin-email", required = true, description = "Its first admin's e-mail.")
          String adminEmail,
      @Option(names = "--admin-name", description = "Its first admin's name.") String adminName,
      @Mixin PasswordOptions passwordOptions)
      throws Exception {
    AccountRules.checkName("--name", name);
    AccountRules.checkEmail(adminEmail);
    AccountRules.checkName("--admin-name", adminName);
    PasswordOptions.Password password = passwordOptions.read(stdin, err);
    AppConfig settings = config.get();
    String hash = hash(settings, password.value());
    try (CommandDatabase database = CommandDatabase.open(settings)) {
      JsonObject body =
          new JsonObject()
              .put("name", name)
              .put(
                  "admin",
                  new JsonObject()
                      .put("email", adminEmail)
                      .put("name", adminName)
                      .put("password_hash", hash));
      JsonObject created = database.await(database.service(OrganizationService.class).create(body));
      JsonObject admin = created.getJsonObject("admin");
      database.audit(
          created.getString("id"), "organization.create", "organization", created.getString("id"));
      out.println("Created organization " + created.getString("id") + " (" + name + ")");
      out.println("Created admin " + admin.getString("id") + " " + adminEmail);
      showGenerated(password);
    }
    return 0;
  }

  @Command(
      name = "create-user",
      mixinStandardHelpOptions = true,
      description = "Create a user of an organization.")
  int createUser(
      @Option(names = "--email", required = true, description = "The user's e-mail (log-in).")
          String email,
      @Option(
              names = "--role",
              required = true,
              description = "admin, manager, technician or requester.")
          String role,
      @Option(names = "--name", description = "The user's name.") String name,
      @Option(
              names = "--org",
              paramLabel = "ORG_ID",
              description = "The organization's id (default: the default organization).",
              defaultValue = "00000000-0000-0000-0000-000000000001")
          UUID org,
      @Mixin PasswordOptions passwordOptions)
      throws Exception {
    AccountRules.checkEmail(email);
    AccountRules.checkRole(role);
    AccountRules.checkName("--name", name);
    PasswordOptions.Password password = passwordOptions.read(stdin, err);
    AppConfig settings = config.get();
    String hash = hash(settings, password.value());
    try (CommandDatabase database = CommandDatabase.open(settings)) {
      database.await(database.service(OrganizationService.class).get(org.toString()));
      JsonObject body =
          new JsonObject()
              .put("email", email)
              .put("name", name)
              .put("role", role)
              .put("password_hash", hash);
      JsonObject created =
          database.await(
              database
                  .service(UserService.class)
                  .create(
                      new Actor(OPERATOR, org, "admin"),
                      new CreateRequest(null, body, null, null)));
      JsonObject user = created.getJsonObject("resource", created);
      database.audit(org.toString(), "user.create", "user", user.getString("id"));
      out.println("Created " + role + " " + user.getString("id") + " " + email + " in " + org);
      showGenerated(password);
    }
    return 0;
  }

  @Command(
      name = "disable-user",
      mixinStandardHelpOptions = true,
      description = "Disable a user: no more log-ins, refresh tokens ended.")
  int disableUser(
      @Option(names = "--email", required = true, description = "The user's e-mail.") String email)
      throws Exception {
    return change(email, new JsonObject().put("active", false), "user.disable", "Disabled");
  }

  @Command(
      name = "enable-user",
      mixinStandardHelpOptions = true,
      description = "Enable a disabled user again.")
  int enableUser(
      @Option(names = "--email", required = true, description = "The user's e-mail.") String email)
      throws Exception {
    return change(email, new JsonObject().put("active", true), "user.enable", "Enabled");
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = "Set a user's password (their refresh tokens end).")
  int resetPassword(
      @Option(names = "--email", required = true, description = "The user's e-mail.") String email,
      @Mixin PasswordOptions passwordOptions)
      throws Exception {
    PasswordOptions.Password password = passwordOptions.read(stdin, err);
    String hash = hash(config.get(), password.value());
    int done =
        change(
            email,
            new JsonObject().put("password_hash", hash),
            "user.password_reset",
            "Reset the password of");
    showGenerated(password);
    return done;
  }

  @Command(
      name = "grant-platform-admin",
      mixinStandardHelpOptions = true,
      description = "Let a user create and read organizations (from their next log-in).")
  int grantPlatformAdmin(
      @Option(names = "--email", required = true, description = "The user's e-mail.") String email)
      throws Exception {
    return change(
        email,
        new JsonObject().put("platform_admin", true),
        "user.platform_admin_grant",
        "Granted platform_admin to");
  }

  @Command(
      name = "revoke-platform-admin",
      mixinStandardHelpOptions = true,
      description = "Take platform_admin back (tokens already issued keep it until they expire).")
  int revokePlatformAdmin(
      @Option(names = "--email", required = true, description = "The user's e-mail.") String email)
      throws Exception {
    return change(
        email,
        new JsonObject().put("platform_admin", false),
        "user.platform_admin_revoke",
        "Revoked platform_admin of");
  }

  @Command(
      name = "create-client",
      mixinStandardHelpOptions = true,
      description = {
        "Create an OAuth client (grant_type=client_credentials at POST /oauth/token) acting as a"
            + " user; prints its id and secret once."
      })
  int createClient(@Mixin CredentialOptions credential) throws Exception {
    return createSecret(credential, TokenGrants.CLIENT_SECRET_PREFIX, true);
  }

  @Command(
      name = "create-api-key",
      mixinStandardHelpOptions = true,
      description = {
        "Create an API key (Authorization: ApiKey <key>) acting as a user; prints it once."
      })
  int createApiKey(@Mixin CredentialOptions credential) throws Exception {
    return createSecret(credential, ApiKeys.PREFIX, false);
  }

  /** What {@code create-client} and {@code create-api-key} both ask. */
  static final class CredentialOptions {
    @Option(names = "--user-email", required = true, description = "The user it acts as.")
    String userEmail;

    @Option(names = "--name", required = true, description = "Its name, to recognise it in lists.")
    String name;

    @Option(names = "--scope", description = "api (default) or read; repeatable.")
    List<String> scopes;
  }

  @Command(
      name = "signing-keys",
      mixinStandardHelpOptions = true,
      description = {
        "Print the token signing keys of auth.key_dir (made first when absent) as a Kubernetes"
            + " Secret: java -jar wrench.jar admin signing-keys | kubectl apply -f -"
      })
  int signingKeys(
      @Option(
              names = "--secret-name",
              defaultValue = "wrench-signing-keys",
              description = "The Secret's name (default: ${DEFAULT-VALUE}, as deploy/k8s uses).")
          String secretName,
      @Option(names = "--namespace", description = "The Secret's namespace.") String namespace)
      throws Exception {
    out.print(KubernetesSecret.ofSigningKeys(config.get().auth().keyDir(), secretName, namespace));
    return 0;
  }

  private int createSecret(CredentialOptions credential, String prefix, boolean oauthClient)
      throws Exception {
    String userEmail = credential.userEmail;
    String name = credential.name;
    List<String> scopes = credential.scopes;
    AccountRules.checkName("--name", name);
    List<String> granted = scopes == null ? List.of("api") : scopes;
    for (String scope : granted) {
      if (!List.of("api", "read").contains(scope)) {
        throw new IllegalArgumentException("no scope " + scope + "; the scopes are api and read");
      }
    }
    String secret = Secrets.random(prefix);
    try (CommandDatabase database = CommandDatabase.open(config.get())) {
      JsonObject user =
          database.await(database.service(UserService.class).findCredentials(userEmail));
      Actor actor =
          new Actor(
              UUID.fromString(user.getString("id")),
              UUID.fromString(user.getString("org_id")),
              user.getString("role"));
      JsonObject body =
          new JsonObject()
              .put("name", name)
              .put("user_id", user.getString("id"))
              .put("scopes", new JsonArray(granted.stream().distinct().toList()))
              .put("secret_hash", Secrets.digest(secret))
              // The start that lists show, as the API stores it: the prefix and 6 characters.
              .put("prefix", secret.substring(0, prefix.length() + 6));
      if (oauthClient) {
        JsonObject client =
            database.await(database.service(OAuthClientService.class).create(actor, body));
        database.audit(
            actor.orgId().toString(),
            "oauth_client.create",
            "oauth_client",
            client.getString("id"));
        out.println("client_id=" + client.getString("client_id"));
        out.println("client_secret=" + secret);
      } else {
        JsonObject key = database.await(database.service(ApiKeyService.class).create(actor, body));
        database.audit(actor.orgId().toString(), "api_key.create", "api_key", key.getString("id"));
        out.println("id=" + key.getString("id"));
        out.println("key=" + secret);
      }
      err.println("Shown once: only its SHA-256 is stored.");
    }
    return 0;
  }

  private int change(String email, JsonObject change, String action, String done) throws Exception {
    try (CommandDatabase database = CommandDatabase.open(config.get())) {
      JsonObject user =
          database.await(
              database.service(UserService.class).changeAccount(change.put("email", email)));
      database.audit(user.getString("org_id"), action, "user", user.getString("id"));
      out.println(done + " " + user.getString("email") + " (" + user.getString("id") + ")");
    }
    return 0;
  }

  private void showGenerated(PasswordOptions.Password password) {
    if (password.generated()) {
      out.println("password=" + password.value());
      err.println("No password was given: this generated one is shown once.");
    }
  }

  private static String hash(AppConfig settings, String password) {
    return new PasswordHasher(settings.auth().passwordIterations()).hash(password);
  }
}
