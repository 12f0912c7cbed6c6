package dev.wrench.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilenamesTest {

  @Test
  void pathsAndControlCharactersAreRemoved() {
    assertThat(Filenames.sanitize("../../etc/passwd")).isEqualTo("passwd");
    assertThat(Filenames.sanitize("C:\\Users\\x\\report.pdf")).isEqualTo("report.pdf");
    assertThat(Filenames.sanitize("a\u0000b\u001Fc\u007F.txt")).isEqualTo("abc.txt");
    // A right-to-left override makes "exe.png" look like "png.exe": gone.
    assertThat(Filenames.sanitize("photo\u202Egnp.exe")).isEqualTo("photognp.exe");
    assertThat(Filenames.sanitize("...hidden")).isEqualTo("hidden");
    assertThat(Filenames.sanitize("  ")).isEqualTo("file");
    assertThat(Filenames.sanitize(null)).isEqualTo("file");
    assertThat(Filenames.sanitize("x".repeat(300))).hasSize(255);
    assertThat(Filenames.sanitize("é".repeat(254) + "😀")).hasSize(254);
  }

  @Test
  void contentDispositionCannotBeBrokenOutOf() {
    assertThat(Filenames.contentDisposition("a\"; filename=evil.html"))
        .isEqualTo(
            "attachment; filename=\"a__ filename=evil.html\";"
                + " filename*=UTF-8''a%22%3B%20filename%3Devil.html");
    assertThat(Filenames.contentDisposition("Ünïcode.pdf"))
        .isEqualTo("attachment; filename=\"_n_code.pdf\"; filename*=UTF-8''%C3%9Cn%C3%AFcode.pdf");
  }

  @Test
  void storageKeysAreMadeHereAndChecked() {
    UUID org = UUID.randomUUID();
    UUID wo = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    String key = StorageKeys.of(org, wo, id);
    assertThat(key).isEqualTo("org/" + org + "/wo/" + wo + "/" + id);
    assertThat(StorageKeys.isValid(key)).isTrue();
    assertThat(StorageKeys.isValid(StorageKeys.thumbnailOf(key))).isTrue();
    assertThat(StorageKeys.attachmentId(StorageKeys.thumbnailOf(key))).isEqualTo(id);
    assertThat(StorageKeys.isValid("org/../../etc/passwd")).isFalse();
    assertThat(StorageKeys.isValid(null)).isFalse();
  }

  @Test
  void theFolderStoreRefusesAnythingButAKey() throws Exception {
    java.nio.file.Path root = java.nio.file.Files.createTempDirectory("wrench-store-");
    try (FilesystemStore store = new FilesystemStore(root)) {
      assertThatThrownBy(() -> store.open("../../etc/passwd"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.presign("k", java.time.Duration.ofSeconds(1), "d", "t")).isEmpty();
      store.check();
      String key = StorageKeys.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
      ObjectStore.Upload upload = store.begin(key);
      upload.write(new byte[] {1, 2, 3}, 0, 3);
      upload.abort();
      upload.abort();
      assertThat(store.list("org/", "", 10)).isEmpty();
      store.put(key, new byte[] {4}, "application/octet-stream");
      assertThat(store.list("org/", "", 10))
          .extracting(ObjectStore.Stored::key)
          .containsExactly(key);
      assertThat(store.list("org/", key, 10)).isEmpty();
      String other = StorageKeys.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
      store.put(other, new byte[] {5}, "application/octet-stream");
      assertThat(store.list("org/", "", 1)).hasSize(1);
      assertThat(store.list("org/", "", 10))
          .extracting(ObjectStore.Stored::key)
          .isSortedAccordingTo(String::compareTo)
          .hasSize(2);
      store.delete(other);
      store.delete(key);
      store.delete(key);
      assertThat(store.describe()).contains(root.toString());
    }
  }

  @Test
  void sniffingReadsTheBytesNotTheName() {
    ContentTypes types = new ContentTypes(Set.of("image/png"));
    assertThat(ContentTypes.sniff(new byte[] {'M', 'Z', 0, 0})).isNotEqualTo("image/png");
    assertThat(
            ContentTypes.sniff("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo("application/pdf");
    assertThat(types.isAllowed("image/png")).isTrue();
    assertThat(types.isAllowed("application/x-msdownload")).isFalse();
  }
}
