package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import dev.wrench.feature.Feature;
import dev.wrench.http.Contract;
import dev.wrench.http.HttpSettings;
import dev.wrench.http.HttpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** The HTTP verticles, one per event loop, with the settings of every area they serve. */
final class HttpDeployment {

  private HttpDeployment() {}

  /** Deploys the HTTP verticles; the deployment's id (undeployed first when draining). */
  static Future<String> deploy(
      Vertx vertx,
      AppConfig config,
      SigningKeys keys,
      String registry,
      List<Feature> features,
      String contractPath) {
    HttpSettings settings = settings(config, keys, registry);
    return Contract.read(vertx, contractPath)
        .compose(
            source ->
                vertx.deployVerticle(
                    () ->
                        new HttpVerticle(
                            source.copy(),
                            settings,
                            routes -> features.forEach(f -> f.routes(routes))),
                    new DeploymentOptions()
                        .setInstances(EventLoops.instances(config.http().instances()))));
  }

  static HttpSettings settings(AppConfig config, SigningKeys keys, String registry) {
    return new HttpSettings(
        config.http(),
        config.auth(),
        config.externalIdp(),
        keys,
        config.rateLimit(),
        config.cache(),
        config.redis(),
        registry);
  }
}
