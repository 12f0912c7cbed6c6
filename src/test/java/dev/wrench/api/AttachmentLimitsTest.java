package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Uploads refused: the content type, the size limit while streaming, bad requests, and the number
 * of attachments per work order.
 */
class AttachmentLimitsTest extends AttachmentApiTestBase {

  /** A Windows executable's first bytes. */
  static byte[] executable() {
    byte[] bytes = new byte[4096];
    bytes[0] = 'M';
    bytes[1] = 'Z';
    bytes[0x3C] = (byte) 0x80;
    bytes[0x80] = 'P';
    bytes[0x81] = 'E';
    return bytes;
  }

  @Test
  void anExecutableNamedPngIsRefusedWith415() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response response =
        uploads.upload(attachmentsOf(workOrder), admin, "holiday.png", "image/png", executable());
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().getString("type")).isEqualTo("/problems/unsupported-media-type");
    assertThat(http.get(attachmentsOf(workOrder)).token(admin).send().items()).isEmpty();
    assertThat(
            rows(
                "SELECT count(*) FROM attachments WHERE work_order_id = ?",
                UUID.fromString(workOrder)))
        .isZero();
  }

  /**
   * Over a raw socket the client sends twice the limit and never finishes its body: the 413 comes
   * while it is still sending, so the limit is enforced while streaming; nothing stays stored.
   */
  @Test
  void theSizeLimitIsEnforcedWhileStreaming() throws Exception {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    List<Path> before = storedFiles();
    String boundary = "limit-test";
    String path = attachmentsOf(workOrder);
    try (Socket socket = new Socket("127.0.0.1", http.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + admin
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                  + "Content-Type: text/plain\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      writeChunk(out, head);
      byte[] text = new byte[64 * 1024];
      java.util.Arrays.fill(text, (byte) 'a');
      for (int sent = 0; sent < 2 * MAX_SIZE; sent += text.length) {
        writeChunk(out, text);
      }
      out.flush();
      // The body is not finished (no closing boundary, no last chunk): the answer must come anyway.
      Http.Response response = readResponse(socket.getInputStream());
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.json().getString("type")).isEqualTo("/problems/payload-too-large");
      List<String> violations =
          dev.wrench.support.ContractValidator.get(server.vertx())
              .violations("POST", path, 413, response.header("Content-Type"), response.body());
      assertThat(violations).isEmpty();
    }
    Awaitility.await("the refused upload leaves nothing behind")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      rows(
                          "SELECT count(*) FROM attachments WHERE work_order_id = ?",
                          UUID.fromString(workOrder)))
                  .isZero();
              assertThat(storedFiles()).isEqualTo(before);
              try (Stream<Path> incoming =
                  Files.list(server.dataDir().resolve("attachments").resolve("incoming"))) {
                assertThat(incoming.count()).isZero();
              }
            });
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Http.Response readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
    return new Http.Response(status, headers, io.vertx.core.buffer.Buffer.buffer(body));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Test
  void aContentLengthOverTheLimitIsRefusedBeforeReading() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response response =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .raw("multipart/form-data; boundary=x", "a".repeat(MAX_SIZE + 100_000))
            .send();
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void badUploadsAreProblems() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    Http.Response notMultipart =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .json(new JsonObject().put("file", "x"))
            .send();
    assertThat(notMultipart.status()).isEqualTo(415);
    Http.Response noFile =
        http.post(attachmentsOf(workOrder))
            .token(admin)
            .raw(
                "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nonly words\r\n--b--\r\n")
            .send();
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/body/file");
    Http.Response badId =
        http.post(attachmentsOf("not-a-uuid"))
            .token(admin)
            .raw("multipart/form-data; boundary=b", PermissionMatrixTest.textFilePart("a.txt", "a"))
            .send();
    assertThat(badId.status()).isEqualTo(400);
    Http.Response unknown =
        http.post(attachmentsOf(UUID.randomUUID().toString()))
            .token(admin)
            .raw(
                "multipart/form-data; boundary=matrix-boundary-7f3a",
                PermissionMatrixTest.textFilePart("a.txt", "a"))
            .send();
    assertThat(unknown.status()).isEqualTo(404);
    Http.Response longDescription =
        uploads.upload(
            attachmentsOf(workOrder),
            admin,
            "a.txt",
            "text/plain",
            "d".repeat(2001),
            () -> new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    assertThat(longDescription.status()).isEqualTo(400);
  }

  @Test
  void theNumberOfAttachmentsPerWorkOrderIsLimited() {
    String workOrder = WorkOrders.create(http, admin, withAttachments()).getString("id");
    for (int i = 0; i < 3; i++) {
      upload(workOrder, i + ".txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    }
    Http.Response fourth =
        uploads.upload(
            attachmentsOf(workOrder),
            admin,
            "4.txt",
            "text/plain",
            "x".getBytes(StandardCharsets.UTF_8));
    assertThat(fourth.status()).isEqualTo(409);
    assertThat(fourth.json().getString("type")).isEqualTo("/problems/attachment-limit");
  }
}
