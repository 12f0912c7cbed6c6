package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without Chromium a browser test fails, and the failure says how to install it. */
class HeadlessChromiumTest {

  @Test
  void aMissingChromiumFailsTheTestNamingTheInstallCommand() {
    assertThatThrownBy(() -> HeadlessChromium.start(Path.of("/nonexistent/chromium")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/nonexistent/chromium")
        .hasMessageContaining("apt-get install chromium");
  }
}
