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
          .resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..", "dev.wrench.store..")
          .because("handlers speak to the database verticle over the event bus");

  /**
   * The shared machinery. Every other package under dev.wrench is a feature: it needs no list here
   * (a new feature touches no shared file but its line in app.Features, which the rule below
   * checks).
   */
  private static final String[] SHARED = {
    "dev.wrench.app..",
    "dev.wrench.auth..",
    "dev.wrench.bus..",
    "dev.wrench.cache..",
    "dev.wrench.cluster..",
    "dev.wrench.config..",
    "dev.wrench.core..",
    "dev.wrench.feature..",
    "dev.wrench.http..",
    "dev.wrench.logging..",
    "dev.wrench.metrics..",
    "dev.wrench.ratelimit..",
    "dev.wrench.store..",
    "dev.wrench.tracing.."
  };

  private static final com.tngtech.archunit.base.DescribedPredicate<
          com.tngtech.archunit.core.domain.JavaClass>
      IN_A_FEATURE =
          com.tngtech.archunit.base.DescribedPredicate.describe(
              "a class of a feature package", type -> featureOf(type.getPackageName()) != null);

  @ArchTest
  static final ArchRule sharedMachineryKnowsNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(SHARED)
          .and()
          .resideOutsideOfPackage("dev.wrench.app..")
          .should()
          .dependOnClassesThat(IN_A_FEATURE)
          .because(
              "a feature plugs into the shared machinery, never the other way (app lists them)");

  /** Every feature package has its Feature, and app.Features lists it: no half-added feature. */
  @ArchTest
  static void everyFeaturePackageIsListed(com.tngtech.archunit.core.domain.JavaClasses classes) {
    java.util.Set<String> packages = new java.util.TreeSet<>();
    for (com.tngtech.archunit.core.domain.JavaClass javaClass : classes) {
      String feature = featureOf(javaClass.getPackageName());
      if (feature != null) {
        packages.add(feature);
      }
    }
    java.util.Set<String> listed = new java.util.TreeSet<>();
    for (dev.wrench.feature.Feature feature :
        dev.wrench.app.Features.all(
            dev.wrench.app.AppConfig.load(new io.vertx.core.json.JsonObject()))) {
      listed.add(featureOf(feature.getClass().getPackageName()));
    }
    org.assertj.core.api.Assertions.assertThat(listed)
        .as("feature packages listed in app.Features")
        .isEqualTo(packages);
  }

  /** A feature asks another feature's service over the bus, never its repository. */
  @ArchTest
  static void noFeatureUsesAnotherFeaturesRepository(
      com.tngtech.archunit.core.domain.JavaClasses classes) {
    java.util.Set<String> violations = new java.util.TreeSet<>();
    for (com.tngtech.archunit.core.domain.JavaClass javaClass : classes) {
      String from = featureOf(javaClass.getPackageName());
      if (from == null) {
        continue;
      }
      for (com.tngtech.archunit.core.domain.Dependency dependency :
          javaClass.getDirectDependenciesFromSelf()) {
        com.tngtech.archunit.core.domain.JavaClass target = dependency.getTargetClass();
        String to = featureOf(target.getPackageName());
        if (to != null && !to.equals(from) && isRepository(target)) {
          violations.add(javaClass.getName() + " -> " + target.getName());
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(violations).isEmpty();
  }

  /** The feature a package belongs to (dev.wrench.<feature>...), or null for shared and others. */
  private static String featureOf(String packageName) {
    String root = "dev.wrench.";
    if (!packageName.startsWith(root)) {
      return null;
    }
    String top = packageName.substring(root.length()).split("\\.")[0];
    for (String shared : SHARED) {
      if (shared.equals(root + top + "..")) {
        return null;
      }
    }
    return top.isEmpty() ? null : root + top;
  }

  private static boolean isRepository(com.tngtech.archunit.core.domain.JavaClass type) {
    String name = type.getSimpleName();
    return name.endsWith("Repository");
  }

  @ArchTest
  static final ArchRule domainHasNoIo =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Rules")
          .or()
          .haveSimpleNameEndingWith("Status")
          .or()
          .haveSimpleNameEndingWith("EventType")
          .or()
          .haveFullyQualifiedName("dev.wrench.store.Cursor")
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
  static final ArchRule onlyTheStoreAndRepositoriesSpeakSql =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.wrench.store..")
          .and()
          .haveSimpleNameNotEndingWith("Repository")
          .and()
          .haveSimpleNameNotEndingWith("Rows")
          .and()
          .haveSimpleNameNotEndingWith("Outbox")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")
          .allowEmptyShould(true)
          .because(
              "SQL lives in the store and in the features' repositories, which the database"
                  + " verticle runs");

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
          .resideInAPackage("dev.wrench..")
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
          "AttachmentQueueRepository.claim",
          "AttachmentQueueRepository.finish",
          "AttachmentQueueRepository.retryLater",
          "AttachmentQueueRepository.sweep",
          "AttachmentQueueRepository.objectsRemoved",
          "AttachmentQueueRepository.known",
          "AuditRepository.record",
          "DeadLetterRepository.unpublishedDeadLetters",
          "DeadLetterRepository.deadLettersPublished",
          "IdempotencyStore.expireOld",
          "LoginFailureRepository.state",
          "LoginFailureRepository.recordFailure",
          "LoginFailureRepository.clear",
          "LoginFailureRepository.sweep",
          "NotificationJobRepository.claim",
          "NotificationJobRepository.release",
          "NotificationJobRepository.record",
          "NotificationJobRepository.backlog",
          "OAuthRepository.findClient",
          "OAuthRepository.rotateRefresh",
          "OAuthRepository.revokeRefresh",
          "OAuthRepository.sweepRefresh",
          "OrganizationRepository.census",
          "RequestLinkRepository.findOpenLink",
          "RequestLinkRepository.publicStatus",
          "OrganizationRepository.create",
          "OrganizationRepository.get",
          "UserRepository.changeAccount",
          "UserRepository.findCredentials",
          "UserRepository.bootstrapNeeded",
          "UserRepository.bootstrapAdmin",
          "OutboxRepository.claim",
          "OutboxRepository.markPublished",
          "OutboxRepository.release",
          "OutboxRepository.backlog",
          "OutboxRepository.detectOverdue",
          "PmCompletionRepository.unchecked",
          "PmGeneratorRepository.dueSchedules",
          "PmGeneratorRepository.record",
          "PmGeneratorRepository.claim",
          "PmGeneratorRepository.finish",
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
