package dev.wrench.app;

import dev.wrench.config.ConfigException;
import dev.wrench.core.BusError;
import dev.wrench.store.StartupProblem;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The picocli commands of the jar ({@code admin}, {@code demo}) run with Main's exit codes: 0 done,
 * 1 failed (a refusal of the store, the database unreachable), 2 a usage or configuration error (a
 * bad option, an invalid value, an invalid configuration). Problems go to stderr as one line each.
 */
final class CommandLines {

  /** Exit code of a command that failed. */
  static final int FAILED = 1;

  /** Exit code of a usage or configuration error (also picocli's, for a bad option). */
  static final int USAGE = 2;

  private CommandLines() {}

  /**
   * The exit code of {@code command} run with {@code args}, as {@code java -jar wrench.jar NAME}.
   */
  static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(command);
    line.setCommandName("java -jar wrench.jar " + line.getCommandName());
    return execute(line, args, out, err);
  }

  /** The exit code of {@code line} run with {@code args}. */
  static int execute(CommandLine line, String[] args, PrintWriter out, PrintWriter err) {
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (failure, failed, parsed) -> report(failure, failed.getCommandName(), err));
    int exitCode = line.execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  private static int report(Exception failure, String command, PrintWriter err) {
    if (failure instanceof ConfigException invalid) {
      invalid.problems().forEach(problem -> err.println("Invalid configuration: " + problem));
      return USAGE;
    }
    if (failure instanceof IllegalArgumentException invalid) {
      err.println(command + ": " + invalid.getMessage());
      return USAGE;
    }
    if (failure instanceof StartupProblem problem) {
      err.println(command + ": " + problem.getMessage());
      return problem.exitCode();
    }
    if (failure instanceof BusError refused) {
      err.println(command + ": refused (" + refused.status() + "): " + refused.getMessage());
      return FAILED;
    }
    err.println(command + ": failed: " + failure);
    return FAILED;
  }
}
