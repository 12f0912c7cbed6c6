package dev.wrench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code wrench_build_info{version,commit}}: what the build wrote, or {@code unknown}. */
class BuildInfoTest {

  @Test
  void theJarCarriesTheVersionAndTheCommit() {
    BuildInfo build = BuildInfo.current();
    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    // Built from a git checkout here: an abbreviated commit id.
    assertThat(build.commit()).matches("[0-9a-f]{7,40}");
  }

  @Test
  void whatTheBuildCouldNotFillInIsUnknown() {
    Properties withoutGit = new Properties();
    withoutGit.setProperty("version", "0.1.0");
    withoutGit.setProperty("commit", "${git.commit.id.abbrev}");
    assertThat(BuildInfo.of(withoutGit)).isEqualTo(new BuildInfo("0.1.0", "unknown"));
    assertThat(BuildInfo.of(new Properties())).isEqualTo(new BuildInfo("unknown", "unknown"));
  }

  @Test
  void theRegistryPublishesItAsAGaugeOfOne() {
    PrometheusMeterRegistry registry = Metrics.newRegistry(new BuildInfo("1.2.3", "abc1234"));
    assertThat(registry.scrape())
        .contains("wrench_build_info{commit=\"abc1234\",version=\"1.2.3\"} 1\n");
  }
}
