package dev.wrench.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The shape of DEVELOPERS.md, as rules a build can fail on. */
@AnalyzeClasses(packages = "dev.wrench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule handlersNeverTouchSql =
      noClasses()
          .that()
          .resideInAPackage("dev.wrench.http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..", "dev.wrench.db..")
          .because("handlers speak to the database verticle over the event bus");

  @ArchTest
  static final ArchRule domainHasNoIo =
      noClasses()
          .that()
          .resideInAnyPackage("dev.wrench.workorder..", "dev.wrench.paging..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx.core.http..",
              "io.vertx.core.eventbus..",
              "io.vertx.core.net..",
              "io.vertx.core.file..",
              "io.vertx.ext.web..",
              "io.vertx.sqlclient..",
              "io.vertx.pgclient..",
              "java.sql..",
              "java.net..")
          .because("the domain holds rules, not I/O");

  @ArchTest
  static final ArchRule onlyTheDatabaseVerticleOwnsAPool =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.wrench.db..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")
          .allowEmptyShould(true)
          .because("nothing but the database verticle holds a PostgreSQL pool");

  @ArchTest
  static final ArchRule poolsAreBuiltOnlyInTheDatabaseVerticle =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.wrench.store.DatabaseVerticle")
          .should()
          .callMethod(io.vertx.pgclient.PgBuilder.class, "pool")
          .because("one shared pool, created by the database verticle");

  @ArchTest
  static final ArchRule onlyTheCacheTalksToRedis =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.wrench.cache..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx.redis..")
          .because("Redis belongs to the cache verticle; everything else asks it over the bus");

  @ArchTest
  static final ArchRule onlyTheCacheVerticleBuildsARedisClient =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.wrench.cache.RedisStore")
          .should()
          .callMethod(
              io.vertx.redis.client.Redis.class,
              "createClient",
              io.vertx.core.Vertx.class,
              io.vertx.redis.client.RedisOptions.class)
          .because("one Redis client, owned by the cache verticle's store");

  @ArchTest
  static final ArchRule onlyTheOpenApiWorkaroundsUseLibraryInternals =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.wrench.http.openapi..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..impl..")
          .because(
              "a library's internals change without notice; the workarounds that need them live"
                  + " together in dev.wrench.http.openapi, re-checked on every upgrade");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices().matching("dev.wrench.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule verticlesAreFutureBased =
      classes()
          .that()
          .haveSimpleNameEndingWith("Verticle")
          .should()
          .beAssignableTo(io.vertx.core.VerticleBase.class)
          .because("Vert.x 5 verticles return futures (VerticleBase), no callbacks");

  @ArchTest
  static final ArchRule repositoriesReachThePoolOnlyThroughRowSecurity =
      noClasses()
          .that()
          .resideInAPackage("dev.wrench.db..")
          .and()
          .doNotHaveFullyQualifiedName("dev.wrench.store.RowSecurity")
          .and()
          .doNotHaveFullyQualifiedName("dev.wrench.store.RowSecurity$Scope")
          .and()
          .doNotHaveFullyQualifiedName("dev.wrench.store.RowSecurity$Scope$1")
          .and()
          .doNotHaveFullyQualifiedName("dev.wrench.store.DatabaseVerticle")
          .should()
          .callMethodWhere(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "a method of io.vertx.sqlclient.Pool",
                  call -> call.getTargetOwner().isAssignableTo(io.vertx.sqlclient.Pool.class)))
          .because(
              "a statement on the bare pool runs outside any tenant scope (docs/security.md, the"
                  + " second wall)");

  /**
   * The cross-tenant path (the role wrench_system, which sees every organization) is taken only by
   * the methods that docs/security.md lists; a new use must be added there and here.
   */
  private static final java.util.Set<String> SYSTEM_PATH_METHODS =
      java.util.Set.of(
          "ApiKeyRepository.authenticate",
          "AttachmentRepository.claim",
          "AttachmentRepository.finish",
          "AttachmentRepository.retryLater",
          "AttachmentRepository.sweep",
          "AttachmentRepository.objectsRemoved",
          "AttachmentRepository.known",
          "AuditRepository.record",
          "IdempotencyStore.expireOld",
          "LoginFailureRepository.state",
          "LoginFailureRepository.recordFailure",
          "LoginFailureRepository.clear",
          "LoginFailureRepository.sweep",
          "NotificationRepository.claim",
          "NotificationRepository.release",
          "NotificationRepository.record",
          "NotificationRepository.unpublishedDeadLetters",
          "NotificationRepository.deadLettersPublished",
          "NotificationRepository.backlog",
          "OAuthRepository.findClient",
          "OAuthRepository.rotateRefresh",
          "OAuthRepository.revokeRefresh",
          "OAuthRepository.sweepRefresh",
          "OrganizationRepository.create",
          "OrganizationRepository.get",
          "UserRepository.findCredentials",
          "UserRepository.bootstrapNeeded",
          "UserRepository.bootstrapAdmin",
          "WorkOrderEvents.claim",
          "WorkOrderEvents.markPublished",
          "WorkOrderEvents.release",
          "WorkOrderEvents.backlog",
          "WorkOrderEvents.detectOverdue",
          "WorkOrderRepository.backlog",
          "WorkOrderRepository.list");

  @ArchTest
  static void onlyTheListedMethodsTakeTheCrossTenantPath(
      com.tngtech.archunit.core.domain.JavaClasses classes) {
    java.util.Set<String> callers = new java.util.TreeSet<>();
    for (com.tngtech.archunit.core.domain.JavaClass javaClass : classes) {
      for (com.tngtech.archunit.core.domain.JavaMethodCall call :
          javaClass.getMethodCallsFromSelf()) {
        if (call.getTargetOwner().getName().equals("dev.wrench.store.RowSecurity")
            && call.getName().equals("system")) {
          // Calls from a lambda belong to the method that wrote it: lambda$name$n.
          String method = call.getOrigin().getName().replaceFirst("^lambda\\$(.*)\\$\\d+$", "$1");
          callers.add(javaClass.getSimpleName() + "." + method);
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(callers)
        .as("methods that take RowSecurity.system()")
        .isEqualTo(SYSTEM_PATH_METHODS)
        .isNotEmpty();
  }
}
