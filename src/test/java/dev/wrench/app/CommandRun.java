package dev.wrench.app;

import dev.wrench.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Runs the {@code admin} and {@code demo} commands in the test JVM, as Main runs them. */
record CommandRun(int exitCode, String out, String err) {

  /** The configuration of a command on {@code database}, with its files in {@code dir}. */
  static Supplier<AppConfig> config(TestDatabase database, Path dir) {
    return config(database, dir.resolve("keys"), dir);
  }

  static Supplier<AppConfig> config(TestDatabase database, Path keyDir, Path dir) {
    JsonObject given =
        new JsonObject()
            .put("database", new JsonObject().put("url", database.url()))
            .put(
                "auth",
                new JsonObject().put("key_dir", keyDir.toString()).put("password_iterations", 1000))
            .put(
                "bootstrap",
                new JsonObject()
                    .put("password_file", dir.resolve("bootstrap-admin-password").toString()));
    return () -> AppConfig.load(given);
  }

  static CommandRun admin(Supplier<AppConfig> config, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    AdminCommand command =
        new AdminCommand(
            config,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            outWriter,
            errWriter);
    int exitCode = CommandLines.execute(command, args, outWriter, errWriter);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  static CommandRun demo(Supplier<AppConfig> config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    int exitCode =
        CommandLines.execute(
            new DemoCommand(config, outWriter, errWriter), args, outWriter, errWriter);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }
}
