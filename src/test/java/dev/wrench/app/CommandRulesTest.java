package dev.wrench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.workorder.WorkOrderStatus;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of the commands' input and output, without a database. */
class CommandRulesTest {

  @TempDir Path dir;

  private final StringWriter warnings = new StringWriter();
  private final PrintWriter err = new PrintWriter(warnings, true);

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void accountValuesFollowTheContractsRules() {
    assertThat(AccountRules.checkEmail("a@b.example")).isEqualTo("a@b.example");
    for (String bad : new String[] {"plain", "a@b", "a b@c.example", "@b.example", null}) {
      assertThatThrownBy(() -> AccountRules.checkEmail(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> AccountRules.checkEmail("a@b.example" + "x".repeat(320)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AccountRules.checkRole("technician")).isEqualTo("technician");
    assertThatThrownBy(() -> AccountRules.checkRole("owner")).hasMessageContaining("the roles are");
    assertThatThrownBy(() -> AccountRules.checkPassword("x".repeat(11)))
        .hasMessageContaining("12 to 1024");
    assertThatThrownBy(() -> AccountRules.checkPassword("x".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class);
    AccountRules.checkPassword("x".repeat(12));
    assertThat(AccountRules.checkName("--name", null)).isNull();
    assertThatThrownBy(() -> AccountRules.checkName("--name", "  ")).hasMessageContaining("--name");
    assertThatThrownBy(() -> AccountRules.checkName("--name", "n".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPasswordComesFromAFileStdinTheCommandLineOrIsGenerated() throws Exception {
    PasswordOptions options = new PasswordOptions();
    PasswordOptions.Password generated = options.read(stdin(""), err);
    assertThat(generated.generated()).isTrue();
    assertThat(generated.value()).hasSize(24);

    options.file = Files.writeString(dir.resolve("p"), "from-a-file-password\r\nsecond line");
    assertThat(options.read(stdin(""), err))
        .isEqualTo(new PasswordOptions.Password("from-a-file-password", false));

    options.file = Path.of("-");
    assertThat(options.read(stdin("from-stdin-password\n"), err).value())
        .isEqualTo("from-stdin-password");
    assertThatThrownBy(() -> options.read(stdin(""), err)).hasMessageContaining("12 to 1024");
    assertThat(warnings.toString()).isEmpty();

    options.value = "on-the-command-line";
    assertThatThrownBy(() -> options.read(stdin(""), err)).hasMessageContaining("not both");
    options.file = null;
    assertThat(options.read(stdin(""), err).value()).isEqualTo("on-the-command-line");
    assertThat(warnings.toString()).contains("Warning");
  }

  @Test
  void theSecretManifestHoldsEachKeyFileAsALiteralBlock() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("signing-key.pem", "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n");
    files.put("signing-key.pub.pem", "-----BEGIN PUBLIC KEY-----\nBBB\n-----END PUBLIC KEY-----\n");
    assertThat(KubernetesSecret.manifest("keys", null, files))
        .contains("kind: Secret\nmetadata:\n  name: keys\ntype: Opaque\nstringData:\n")
        .contains(
            "  signing-key.pem: |\n    -----BEGIN PRIVATE KEY-----\n    AAA\n"
                + "    -----END PRIVATE KEY-----\n  signing-key.pub.pem: |\n")
        .doesNotContain("namespace");
    assertThat(KubernetesSecret.manifest("keys", "ops", files)).contains("  namespace: ops\n");
  }

  @Test
  void everyDemoPathIsAWalkTheStateMachineAllowsAndReachesEveryStatus() {
    Set<WorkOrderStatus> reached = EnumSet.noneOf(WorkOrderStatus.class);
    for (int draw = 0; draw < 100; draw++) {
      WorkOrderStatus at = WorkOrderStatus.OPEN;
      for (WorkOrderStatus next : DemoOrganization.path(draw)) {
        assertThat(at.canMoveTo(next)).as("%s to %s", at, next).isTrue();
        at = next;
      }
      reached.add(at);
    }
    assertThat(reached).isEqualTo(EnumSet.allOf(WorkOrderStatus.class));
  }

  @Test
  void demoLoginsSurviveTheirFileWhichOnlyItsOwnerReads() throws Exception {
    Path file = DemoLogins.file(dir.resolve("data/bootstrap-admin-password").toString());
    assertThat(file).isEqualTo(dir.resolve("data/demo-logins"));
    assertThat(DemoLogins.read(file)).isEmpty();
    List<DemoLogins.Login> logins =
        List.of(
            new DemoLogins.Login("admin", "admin@demo.wrench.local", "pw-one-two-three"),
            new DemoLogins.Login("requester", "requester@demo.wrench.local", "pw four"));
    DemoLogins.write(file, logins);
    assertThat(DemoLogins.read(file)).isEqualTo(logins);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(DemoLogins.format(logins)).contains("  admin       admin@demo.wrench.local");
  }
}
