package dev.wrench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-process cache's bounds: entries and estimated bytes, least recently used first. */
class InProcessStoreTest {

  private final AtomicLong now = new AtomicLong(1_000);

  private static String row(int characters) {
    return "{\"title\":\"" + "x".repeat(characters) + "\"}";
  }

  private static Stored read(InProcessStore store, String key) {
    return store.get(key).result();
  }

  @Test
  void theByteBudgetEvictsTheLeastRecentlyUsedRows() {
    long oneEntry =
        InProcessStore.ENTRY_OVERHEAD_BYTES + "wo:1".length() + 2L * row(1_000).length();
    InProcessStore store = new InProcessStore(1_000, 3 * oneEntry, now::get);
    store.put("wo:1", 1, row(1_000), 60_000);
    store.put("wo:2", 1, row(1_000), 60_000);
    store.put("wo:3", 1, row(1_000), 60_000);
    assertThat(read(store, "wo:1")).isNotNull(); // now the most recently used
    store.put("wo:4", 1, row(1_000), 60_000);

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.bytes()).isLessThanOrEqualTo(3 * oneEntry);
    assertThat(read(store, "wo:2")).as("least recently used").isNull();
    assertThat(read(store, "wo:1")).isNotNull();
    assertThat(read(store, "wo:4")).isNotNull();
  }

  @Test
  void oneLargeRowMakesRoomByEvictingSeveralSmallOnes() {
    InProcessStore store = new InProcessStore(1_000, 10_000, now::get);
    for (int i = 0; i < 10; i++) {
      store.put("wo:" + i, 1, row(100), 60_000);
    }
    store.put("wo:big", 1, row(3_000), 60_000);

    assertThat(read(store, "wo:big")).isNotNull();
    assertThat(read(store, "wo:0")).isNull();
    assertThat(store.bytes()).isLessThanOrEqualTo(10_000);
  }

  @Test
  void theEntryBoundStillHolds() {
    InProcessStore store = new InProcessStore(2, Long.MAX_VALUE, now::get);
    store.put("a", 1, row(1), 60_000);
    store.put("b", 1, row(1), 60_000);
    store.put("c", 1, row(1), 60_000);
    assertThat(store.size()).isEqualTo(2);
    assertThat(read(store, "a")).isNull();
  }

  @Test
  void replacingAndExpiringEntriesKeepTheByteCountExact() {
    InProcessStore store = new InProcessStore(100, Long.MAX_VALUE, now::get);
    store.put("wo:1", 1, row(500), 1_000);
    store.put("wo:1", 2, row(10), 1_000);
    long one = InProcessStore.ENTRY_OVERHEAD_BYTES + "wo:1".length() + 2L * row(10).length();
    assertThat(store.bytes()).isEqualTo(one);

    store.invalidate("wo:1", 3, 1_000);
    assertThat(store.bytes()).isEqualTo(InProcessStore.ENTRY_OVERHEAD_BYTES + "wo:1".length());

    now.addAndGet(1_000);
    assertThat(read(store, "wo:1")).as("expired").isNull();
    assertThat(store.bytes()).isZero();
    assertThat(store.size()).isZero();

    store.put("wo:2", 1, row(10), 1_000);
    store.close();
    assertThat(store.bytes()).isZero();
  }
}
