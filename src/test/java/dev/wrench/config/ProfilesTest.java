package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code WRENCH_PROFILE=dev|prod}: a file over the defaults; prod refuses development defaults. */
class ProfilesTest {

  @TempDir Path dir;

  private ConfigInput load(Map<String, String> environment) {
    return ConfigLoader.load(dir.resolve("config.yaml").toString(), null, environment);
  }

  private static Map<String, String> prod(String... pairs) {
    Map<String, String> environment = new HashMap<>(Map.of("WRENCH_PROFILE", "prod"));
    for (int i = 0; i < pairs.length; i += 2) {
      environment.put(pairs[i], pairs[i + 1]);
    }
    return environment;
  }

  @Test
  void anUnknownProfileIsAnError() {
    assertThat(ConfigLoaderTest.refused(() -> load(Map.of("WRENCH_PROFILE", "staging"))).problems())
        .containsExactly("WRENCH_PROFILE \"staging\" is not a profile (dev or prod)");
  }

  @Test
  void noProfileAndTheDevProfile() {
    assertThat(AppConfig.load(load(Map.of())).notifications().webhooks().allowPrivateTargets())
        .isFalse();
    ConfigInput dev = load(Map.of("WRENCH_PROFILE", "dev"));
    assertThat(dev.profile()).isEqualTo("dev");
    assertThat(AppConfig.load(dev).notifications().webhooks().allowPrivateTargets()).isTrue();
  }

  @Test
  void prodRefusesEveryDevelopmentDefaultOneLineEach() {
    ConfigException e =
        ConfigLoaderTest.refused(
            () -> AppConfig.load(load(prod("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true"))));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "database.url is empty: the prod profile refuses the embedded database (set"
                + " DATABASE_URL)",
            "bootstrap.admin_password is empty: the prod profile refuses a generated admin"
                + " password (set BOOTSTRAP_ADMIN_PASSWORD or BOOTSTRAP_ADMIN_PASSWORD_FILE)",
            "WEBHOOK_ALLOW_PRIVATE_TARGETS (notifications.webhooks.allow_private_targets) is true:"
                + " the prod profile refuses webhooks to private addresses");
  }

  @Test
  void prodRefusesCorsForEveryOrigin() {
    assertThat(
            ProductionRules.check(
                Configuration.check(new io.vertx.core.json.JsonObject())
                    .put(
                        "http",
                        new io.vertx.core.json.JsonObject()
                            .put(
                                "cors",
                                new io.vertx.core.json.JsonObject()
                                    .put(
                                        "allowed_origins",
                                        new io.vertx.core.json.JsonArray().add("*"))))))
        .extracting(ConfigProblem::key)
        .contains("http.cors.allowed_origins");
    // The schema refuses * in every profile; under prod it is one of the lines listed.
    ConfigException e =
        ConfigLoaderTest.refused(() -> AppConfig.load(load(prod("CORS_ALLOWED_ORIGINS", "*"))));
    assertThat(e.problems())
        .hasSize(3)
        .anySatisfy(
            p -> assertThat(p).startsWith("CORS_ALLOWED_ORIGINS (http.cors.allowed_origins)"));
  }

  @Test
  void prodStartsWithADatabaseAndAPasswordAndSetsItsOwnDefaults() {
    AppConfig config =
        AppConfig.load(
            load(
                prod(
                    "DATABASE_URL", "postgresql://wrench@db/wrench",
                    "BOOTSTRAP_ADMIN_PASSWORD", "a-long-enough-password")));
    assertThat(config.http().drainDelayMs()).isEqualTo(5000);
  }

  @Test
  void theConfigurationFileGoesOverTheProfile() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "http:\n  drain_delay_ms: 100\n");
    ConfigInput input =
        load(
            prod(
                "DATABASE_URL", "postgresql://wrench@db/wrench",
                "BOOTSTRAP_ADMIN_PASSWORD", "a-long-enough-password"));
    assertThat(AppConfig.load(input).http().drainDelayMs()).isEqualTo(100);
  }

  @Test
  void aProfileFileBesideTheConfigurationFileIsUsedInsteadOfTheJars() throws Exception {
    Files.writeString(dir.resolve("config-dev.yaml"), "http:\n  prot: 1\n");
    ConfigInput input = load(Map.of("WRENCH_PROFILE", "dev"));
    assertThat(ConfigLoaderTest.refused(() -> AppConfig.load(input)).problems())
        .containsExactly(
            dir.resolve("config-dev.yaml")
                + ": http.prot is not a known key — did you mean http.port?");
  }

  @Test
  void theJarCarriesBothProfiles() {
    for (String profile : Profiles.KNOWN) {
      assertThat(Profiles.file(profile, "absent/config.yaml").label())
          .isEqualTo("conf/config-" + profile + ".yaml (in the jar)");
    }
  }
}
