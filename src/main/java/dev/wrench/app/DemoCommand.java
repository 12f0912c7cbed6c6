package dev.wrench.app;

import dev.wrench.auth.PasswordHasher;
import dev.wrench.identity.OrganizationService;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar wrench.jar demo}: makes the demo organization ({@link DemoOrganization}) on the
 * configured database (the embedded one when no URL is set) and prints an admin's, a manager's, a
 * technician's and a requester's log-in. Running it again changes nothing and prints them again. It
 * refuses a database that holds other organizations' data, unless {@code --force}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = WrenchVersion.class,
    description = {
      "Create a demo organization (sites, assets, technicians, "
          + DemoOrganization.WORK_ORDERS
          + " work orders in every status) and print its log-ins. Running it again prints them"
          + " again and changes nothing."
    },
    footer = {
      "",
      "Exit codes: 0 done (or the demo existed), 1 failed or refused (other data, no --force),"
          + " 2 usage or configuration error. See docs/admin-cli.md."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--force",
      description =
          "Add the demo organization even to a database that holds other organizations' data.")
  boolean force;

  private final Supplier<AppConfig> config;
  private final PrintWriter out;
  private final PrintWriter err;

  DemoCommand(Supplier<AppConfig> config, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    AppConfig settings = config.get();
    Path loginsFile = DemoLogins.file(settings.bootstrap().passwordFile());
    try (CommandDatabase database = CommandDatabase.open(settings)) {
      if (DemoOrganization.exists(database)) {
        return existing(loginsFile);
      }
      JsonObject census = database.await(database.service(OrganizationService.class).census());
      long others = census.getLong("other_organizations");
      long defaultRows = census.getLong("default_organization_rows");
      if ((others > 0 || defaultRows > 0) && !force) {
        err.println(
            "demo: refused: this database holds other data ("
                + others
                + " organizations besides the default one, "
                + defaultRows
                + " work orders, assets, sites and technicians in the default one);"
                + " --force adds the demo organization anyway");
        return CommandLines.FAILED;
      }
      List<DemoLogins.Login> logins = new ArrayList<>();
      Map<String, String> hashes = new HashMap<>();
      PasswordHasher hasher = new PasswordHasher(settings.auth().passwordIterations());
      for (String role : DemoOrganization.ROLES) {
        String password = PasswordOptions.generate();
        logins.add(new DemoLogins.Login(role, role + DemoOrganization.DOMAIN, password));
        hashes.put(role, hasher.hash(password));
      }
      // Written first: a demo whose logins were lost would need a password reset to be used.
      DemoLogins.write(loginsFile, logins);
      DemoOrganization.create(database, hashes);
      out.println(
          "Created the demo organization \""
              + DemoOrganization.NAME
              + "\" with "
              + DemoOrganization.WORK_ORDERS
              + " work orders. Log in (POST /oauth/token, grant_type=password) as:");
      out.print(DemoLogins.format(logins));
      out.println("(also in " + loginsFile + ", readable by you only)");
      return 0;
    }
  }

  private int existing(Path loginsFile) throws Exception {
    List<DemoLogins.Login> logins = DemoLogins.read(loginsFile);
    if (logins.isEmpty()) {
      out.println(
          "The demo organization exists already; its log-ins are not in "
              + loginsFile
              + ": set a password with java -jar wrench.jar admin reset-password --email "
              + DemoOrganization.ADMIN_EMAIL);
    } else {
      out.println("The demo organization exists already. Log in as:");
      out.print(DemoLogins.format(logins));
    }
    return 0;
  }
}
