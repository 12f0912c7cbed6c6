package dev.wrench.app;

import dev.wrench.auth.PasswordHasher;
import dev.wrench.bus.BusClient;
import dev.wrench.identity.UserService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin of the default organization, created only while it has no user: with {@code
 * bootstrap.admin_password}, or with a generated password written to {@code
 * bootstrap.password_file} (readable by its owner only, never logged).
 */
final class FirstAdmin {

  // Part of the start-up story: logged as MainVerticle, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private FirstAdmin() {}

  static Future<Void> ensure(Vertx vertx, BootstrapConfig bootstrap, int passwordIterations) {
    // Hashing is slow by design: ask first, so that a restart does not pay for it.
    return users(vertx)
        .bootstrapNeeded()
        .compose(
            needed ->
                needed.getBoolean("needed")
                    ? create(vertx, bootstrap, passwordIterations)
                    : Future.succeededFuture());
  }

  private static UserService users(Vertx vertx) {
    return BusClient.of(vertx.eventBus(), UserService.class, new DeliveryOptions());
  }

  private static Future<Void> create(
      Vertx vertx, BootstrapConfig bootstrap, int passwordIterations) {
    return vertx
        .executeBlocking(
            () -> {
              String password = bootstrap.adminPassword();
              boolean generated = password.isEmpty();
              if (generated) {
                byte[] random = new byte[18];
                RANDOM.nextBytes(random);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
              }
              return new JsonObject()
                  .put("email", bootstrap.adminEmail())
                  .put("password_hash", new PasswordHasher(passwordIterations).hash(password))
                  .put("generated", generated ? password : null);
            },
            false)
        .compose(
            request ->
                users(vertx)
                    .bootstrapAdmin(request.getString("email"), request.getString("password_hash"))
                    .compose(
                        reply -> {
                          if (!reply.getBoolean("created")) {
                            return Future.succeededFuture();
                          }
                          String generated = request.getString("generated");
                          if (generated == null) {
                            LOG.info(
                                "Created the first admin {} with the configured password (bootstrap.admin_password)",
                                bootstrap.adminEmail());
                            return Future.succeededFuture();
                          }
                          return writePasswordFile(vertx, bootstrap, generated);
                        }))
        .mapEmpty();
  }

  /** The password goes to a file only its owner can read, never to the log. */
  private static Future<Void> writePasswordFile(
      Vertx vertx, BootstrapConfig bootstrap, String generated) {
    return vertx.executeBlocking(
        () -> {
          Path file = Path.of(bootstrap.passwordFile());
          Files.createDirectories(file.toAbsolutePath().getParent());
          Files.writeString(file, generated + "\n");
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException notPosix) {
            // keep the default permissions
          }
          LOG.info(
              "Created the first admin {}; its generated password is in {}",
              bootstrap.adminEmail(),
              file);
          return null;
        },
        false);
  }
}
