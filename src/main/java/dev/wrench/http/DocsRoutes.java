package dev.wrench.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code /openapi.yaml} and {@code /docs}: the contract, and Swagger UI rendering it, served from
 * the jar (no CDN). The UI's own files are under {@code /docs/assets/}, outside the contract;
 * scripts are files, never inline, so the page keeps a strict CSP.
 */
final class DocsRoutes {

  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Wrench API</title>
        <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/assets/swagger-ui-bundle.js"></script>
        <script src="/docs/init.js"></script>
      </body>
      </html>
      """;

  private static final String INIT =
      "window.ui = SwaggerUIBundle({url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true});\n";

  /** What the served document says instead of the contract file's absolute server URL. */
  static final String SERVED_SERVERS =
      "servers:\n  - url: /\n    description: This instance (where this document is served from)\n";

  private final Buffer document;

  DocsRoutes(Buffer document) {
    this.document = Buffer.buffer(relativeServer(document.toString()));
  }

  /**
   * The contract with its top-level {@code servers} made relative ({@code /}), so that "Try it out"
   * on {@code /docs} calls the instance that served the page, whatever its host and port (the
   * page's CSP allows only its own origin). The file keeps an absolute URL: the router's contract
   * parser (vertx-openapi 5.0.7) refuses a relative one.
   */
  static String relativeServer(String contract) {
    int line = contract.indexOf("\nservers:\n");
    if (line < 0) {
      return contract;
    }
    int start = line + 1;
    // The block ends at the next line that is neither indented nor a list item.
    int end = start + "servers:\n".length();
    while (end < contract.length()
        && (contract.charAt(end) == ' ' || contract.charAt(end) == '-')) {
      int next = contract.indexOf('\n', end);
      end = next < 0 ? contract.length() : next + 1;
    }
    return contract.substring(0, start) + SERVED_SERVERS + contract.substring(end);
  }

  void openApiDocument(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml").end(document);
  }

  void page(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", RequestContextHandler.DOCS_CSP)
        .end(PAGE);
  }

  /** Mounts the UI's static files; the page and the document are contract operations. */
  void mountAssets(Router router) {
    router
        .get("/docs/init.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .end(INIT));
    router
        .get("/docs/assets/*")
        .handler(
            ctx -> {
              ctx.response().putHeader("Content-Security-Policy", RequestContextHandler.DOCS_CSP);
              ctx.next();
            })
        .handler(
            StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion()));
  }

  private static String swaggerUiVersion() {
    try (InputStream in =
        DocsRoutes.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
