package dev.wrench.store;

/**
 * Why the database could not be made ready at start-up, worded for the operator as one line (never
 * a password), and the exit code the process ends with: {@link #REFUSED} when what was asked cannot
 * be done as configured (the embedded data folder is in use, no embedded binaries for this
 * machine), {@link #UNAVAILABLE} when the database did not answer in time.
 */
public final class StartupProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The exit code of a start-up refused as configured, as for bad configuration. */
  public static final int REFUSED = 2;

  /** The exit code of a database that did not answer. */
  public static final int UNAVAILABLE = 1;

  private final int exitCode;

  public StartupProblem(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public StartupProblem(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The problem in {@code failure} or its causes, or null. */
  public static StartupProblem in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StartupProblem problem) {
        return problem;
      }
    }
    return null;
  }
}
