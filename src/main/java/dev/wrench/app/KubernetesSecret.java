package dev.wrench.app;

import dev.wrench.auth.SigningKeys;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Kubernetes Secret manifest of the signing keys: one entry per key file, named as in {@code
 * auth.key_dir}, so that mounting the Secret as that folder ({@code JWT_KEY_DIR}, see {@code
 * deploy/k8s/deployment.yaml}) gives every pod the same keys.
 */
final class KubernetesSecret {

  private KubernetesSecret() {}

  /** Blocking: reads (or first makes, as the server would) the keys of {@code keyDir}. */
  static String ofSigningKeys(String keyDir, String name, String namespace) throws Exception {
    Path dir = Path.of(keyDir);
    SigningKeys.loadOrCreate(dir);
    return manifest(name, namespace, SigningKeys.files(dir));
  }

  /** The manifest of {@code entries} (file name → PEM text), as YAML literal blocks. */
  static String manifest(String name, String namespace, Map<String, String> entries) {
    StringBuilder yaml =
        new StringBuilder()
            .append(
                "# The token signing keys of Wrench: kubectl apply -f this file, then mount the\n")
            .append(
                "# Secret as JWT_KEY_DIR (deploy/k8s/deployment.yaml). It holds private keys.\n")
            .append("apiVersion: v1\n")
            .append("kind: Secret\n")
            .append("metadata:\n")
            .append("  name: ")
            .append(name)
            .append('\n');
    if (namespace != null) {
      yaml.append("  namespace: ").append(namespace).append('\n');
    }
    yaml.append("type: Opaque\n").append("stringData:\n");
    entries.forEach(
        (file, pem) -> {
          yaml.append("  ").append(file).append(": |\n");
          pem.strip().lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
        });
    return yaml.toString();
  }
}
