package dev.wrench.http.openapi;

import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A path → the methods the contract lists for it, for the {@code Allow} header of a 405: the router
 * built by vertx-web-openapi-router answers a wrong method without one.
 */
public final class AllowedMethods implements Function<String, String> {

  private final Map<Pattern, String> byPath = new LinkedHashMap<>();

  private AllowedMethods() {}

  public static AllowedMethods of(OpenAPIContract contract) {
    AllowedMethods allowed = new AllowedMethods();
    for (Path path : contract.getPaths()) {
      String regex = "^" + path.getName().replaceAll("\\{[^}]+}", "[^/]+") + "$";
      allowed.byPath.put(
          Pattern.compile(regex),
          String.join(
              ", ",
              path.getOperations().stream().map(o -> o.getHttpMethod().name()).sorted().toList()));
    }
    return allowed;
  }

  /** The methods of {@code path}, as an {@code Allow} value; null for a path of no operation. */
  @Override
  public String apply(String path) {
    return byPath.entrySet().stream()
        .filter(e -> e.getKey().matcher(path).matches())
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
