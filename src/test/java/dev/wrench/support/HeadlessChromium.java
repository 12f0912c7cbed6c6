package dev.wrench.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, for browser tests: started with a profile of its own in a new
 * temporary folder and a DevTools port the system picks, which it writes to {@code
 * DevToolsActivePort} in that folder. Browser tests need it installed ({@code apt-get install
 * chromium}); without it they fail, they are not skipped, so that a machine without it cannot pass
 * the build unnoticed.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Where Debian's package puts it; {@code -Dwrench.chromium=<path>} names another. */
  public static final String DEFAULT_EXECUTABLE = "/usr/bin/chromium";

  private final Process process;
  private final Path profile;
  private final String browserEndpoint;

  private HeadlessChromium(Process process, Path profile, String browserEndpoint) {
    this.process = process;
    this.profile = profile;
    this.browserEndpoint = browserEndpoint;
  }

  /** Starts Chromium and waits until its DevTools endpoint is open. */
  public static HeadlessChromium start() {
    return start(Path.of(System.getProperty("wrench.chromium", DEFAULT_EXECUTABLE)));
  }

  /** Starts the Chromium at {@code executable}; fails, saying how to install it, when missing. */
  public static HeadlessChromium start(Path executable) {
    if (!Files.isExecutable(executable)) {
      throw new AssertionError(
          "This browser test needs Chromium at "
              + executable
              + ", which is missing: install it with `apt-get install chromium` (Debian), or name"
              + " another Chromium with -Dwrench.chromium=<path> (docs/testing.md)");
    }
    Path profile;
    Process process;
    try {
      profile = Files.createTempDirectory("wrench-chromium-");
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      command.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--user-data-dir=" + profile,
              "--remote-debugging-address=127.0.0.1",
              "--remote-debugging-port=0",
              "about:blank"));
      process =
          new ProcessBuilder(command)
              .redirectOutput(profile.resolve("chromium.out").toFile())
              .redirectError(profile.resolve("chromium.err").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path activePort = profile.resolve("DevToolsActivePort");
    try {
      await("Chromium's DevTools endpoint")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !process.isAlive() || endpointLines(activePort).size() >= 2);
      if (!process.isAlive()) {
        throw new AssertionError(
            "Chromium exited at start (" + process.exitValue() + "): " + log(profile));
      }
    } catch (RuntimeException | AssertionError e) {
      stop(process);
      deleteTree(profile);
      throw e;
    }
    List<String> lines = endpointLines(activePort);
    return new HeadlessChromium(
        process, profile, "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
  }

  /** The browser's DevTools WebSocket endpoint ({@code ws://127.0.0.1:<port>/devtools/...}). */
  public String browserEndpoint() {
    return browserEndpoint;
  }

  /** What Chromium wrote to its standard error, for failure messages. */
  public String log() {
    return log(profile);
  }

  private static String log(Path profile) {
    try {
      String err = Files.readString(profile.resolve("chromium.err"), StandardCharsets.UTF_8);
      return err.length() > 4000 ? err.substring(err.length() - 4000) : err;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static List<String> endpointLines(Path activePort) {
    try {
      return Files.exists(activePort)
          ? Files.readAllLines(activePort, StandardCharsets.UTF_8)
          : List.of();
    } catch (IOException e) {
      return List.of(); // still being written
    }
  }

  @Override
  public void close() {
    stop(process);
    deleteTree(profile);
  }

  /** Ends Chromium and its helper processes (renderer, GPU, zygote), which it started itself. */
  private static void stop(Process process) {
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  // A helper still closing a file; the folder is a temporary one.
                }
              });
    } catch (IOException e) {
      // Nothing left to delete.
    }
  }
}
