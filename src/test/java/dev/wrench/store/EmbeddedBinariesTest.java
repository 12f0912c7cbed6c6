package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The jar carries PostgreSQL for Linux x86-64 and arm64 and for macOS, and says so elsewhere. */
class EmbeddedBinariesTest {

  @Test
  void linuxAndMacOsMachinesFindTheirArchive() {
    assertThat(EmbeddedBinaries.archive("Linux", "amd64", false))
        .contains("postgres-linux-x86_64.txz");
    assertThat(EmbeddedBinaries.archive("Linux", "aarch64", false))
        .contains("postgres-linux-arm_64.txz");
    assertThat(EmbeddedBinaries.archive("Mac OS X", "x86_64", false))
        .contains("postgres-darwin-x86_64.txz");
    // Apple silicon runs the universal macOS archive, as zonky's resolver picks it.
    assertThat(EmbeddedBinaries.archive("Mac OS X", "aarch64", false))
        .contains("postgres-darwin-x86_64.txz");
    assertThat(EmbeddedBinaries.require()).startsWith("postgres-linux-");
  }

  @Test
  void otherMachinesHaveNone() {
    assertThat(EmbeddedBinaries.archive("Windows 11", "amd64", false)).isEmpty();
    assertThat(EmbeddedBinaries.archive("Linux", "ppc64le", false)).isEmpty();
    assertThat(EmbeddedBinaries.archive("Linux", "amd64", true)).as("Alpine (musl)").isEmpty();
    assertThat(EmbeddedBinaries.archive("FreeBSD", "amd64", false)).isEmpty();
    StartupProblem problem =
        catchThrowableOfType(
            StartupProblem.class, () -> EmbeddedBinaries.require("Windows 11", "amd64", false));
    assertThat(problem.exitCode()).isEqualTo(StartupProblem.REFUSED);
    assertThat(problem.getMessage())
        .isEqualTo(
            "No embedded PostgreSQL for Windows 11 amd64 in this jar (it has Linux x86-64 and"
                + " arm64, and macOS): set DATABASE_URL to a PostgreSQL 15 or later");
    assertThat(
            catchThrowableOfType(
                    StartupProblem.class, () -> EmbeddedBinaries.require("Linux", "amd64", true))
                .getMessage())
        .startsWith("No embedded PostgreSQL for Linux amd64 (musl) in this jar");
  }
}
