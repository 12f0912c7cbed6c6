package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/work-orders}: bad cursors and parameters are refused; the shape of a page. */
class WorkOrderListRejectionTest extends AbstractWorkOrderListTest {

  // ---------------------------------------------------------------- bad cursors

  private String cursorFor(String sort) {
    Http.Response page = ok("asset_id=" + assetBulk + "&limit=2&sort=" + sort);
    String cursor = page.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    return cursor;
  }

  private static String decode(String cursor) {
    return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGarbageCursorIs400() {
    for (String garbage : List.of("garbage", "AAAA", "x", "eyJ", "bm90IGpzb24")) {
      assertRefused(get("asset_id=" + assetBulk + "&cursor=" + garbage), "/query/cursor");
    }
  }

  @Test
  void aCursorWithCharactersOutsideTheAlphabetIs400() {
    assertRefused(get("cursor=" + enc("not a cursor!")), "/query/cursor");
    assertRefused(get("cursor=" + enc("abc+/=")), "/query/cursor");
  }

  @Test
  void aCursorForAnotherSortIs400() {
    String numberCursor = cursorFor("number");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=-number&cursor=" + numberCursor), "/query/cursor");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=created_at&cursor=" + numberCursor), "/query/cursor");
    // No sort means the default -created_at, which is another sort too.
    assertRefused(get("asset_id=" + assetBulk + "&cursor=" + numberCursor), "/query/cursor");
    String defaultCursor = cursorFor("-created_at");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=created_at&cursor=" + defaultCursor), "/query/cursor");
    assertThat(ok("asset_id=" + assetBulk + "&cursor=" + defaultCursor).items()).isNotEmpty();
  }

  @Test
  void aTamperedCursorIs400() {
    String cursor = cursorFor("-created_at");
    JsonArray parts = new JsonArray(decode(cursor));
    assertThat(parts).hasSize(3);
    List<String> tampered =
        List.of(
            cursor.substring(0, cursor.length() / 2),
            cursor + "AAAA",
            encode(parts.copy().set(1, "yesterday").encode()),
            encode(parts.copy().set(1, 1234567).encode()),
            encode(parts.copy().set(1, new JsonObject().put("x", 1)).encode()),
            encode(parts.copy().set(2, "not-a-uuid").encode()),
            encode(parts.copy().set(2, 42).encode()),
            encode(parts.copy().set(0, "title").encode()),
            encode(parts.copy().add("extra").encode()),
            encode(new JsonArray().add(parts.getValue(0)).add(parts.getValue(1)).encode()),
            encode(new JsonObject().put("sort", "-created_at").encode()),
            encode("null"));
    for (String bad : tampered) {
      assertRefused(get("asset_id=" + assetBulk + "&cursor=" + bad), "/query/cursor");
    }
  }

  @Test
  void aTamperedCursorOfANumericSortIs400() {
    String cursor = cursorFor("priority");
    JsonArray parts = new JsonArray(decode(cursor));
    assertRefused(
        get(
            "asset_id="
                + assetBulk
                + "&sort=priority&cursor="
                + encode(parts.copy().set(1, "high").encode())),
        "/query/cursor");
    assertRefused(
        get(
            "asset_id="
                + assetBulk
                + "&sort=priority&cursor="
                + encode(parts.copy().set(1, true).encode())),
        "/query/cursor");
  }

  // ---------------------------------------------------------------- bad parameters

  @Test
  void anUnknownQueryParameterIs400() {
    assertRefused(get("colour=red"), "/query/colour");
    assertRefused(get("Status=open"), "/query/Status");
    assertRefused(get("status=open&title=pump"), "/query/title");
    assertRefused(get("offset=20"), "/query/offset");
  }

  @Test
  void anUnknownSortIs400() {
    for (String sort :
        List.of(
            "title",
            "-title",
            "status",
            "created",
            "+created_at",
            "created_at,number",
            "CREATED_AT",
            "--number")) {
      assertRefused(get("sort=" + enc(sort)), "/query/sort");
    }
  }

  @Test
  void anInvalidUuidInAssigneeIdIs400() {
    assertRefused(get("assignee_id=not-a-uuid"), "/query/assignee_id");
    assertRefused(get("assignee_id=" + tech1 + ",nope"), "/query/assignee_id");
    // The shape of a UUID (36 of hex digits and dashes) that is not one.
    assertRefused(get("assignee_id=------------------------------------"), "/query/assignee_id");
    assertRefused(get("assignee_id=0123456789abcdef0123456789abcdef0123"), "/query/assignee_id");
    assertRefused(get("assignee_id=" + tech1 + "&assignee_id=zzz"), "/query/assignee_id");
  }

  @Test
  void anInvalidUuidInAssetOrRequesterIdIs400() {
    assertRefused(get("asset_id=1234"), "/query/asset_id");
    assertRefused(get("requester_id=------------------------------------"), "/query/requester_id");
  }

  @Test
  void invalidFilterValuesAre400() {
    assertRefused(get("status=done"), "/query/status");
    assertRefused(get("status=open,"), "/query/status");
    assertRefused(get("status=OPEN"), "/query/status");
    assertRefused(get("priority=urgent"), "/query/priority");
    assertRefused(get("due_before=tomorrow"), "/query/due_before");
    assertRefused(get("due_after=2030-13-01T00:00:00Z"), "/query/due_after");
    assertRefused(get("created_after=2030-01-01"), "/query/created_after");
    assertRefused(get("q=" + "x".repeat(201)), "/query/q");
  }

  @Test
  void listingNeedsAToken() {
    Http.Response response = http.get(PATH).send();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void theListShapeIsItemsAndNextCursor() {
    JsonObject page = ok("asset_id=" + assetA1 + "&sort=number").json();
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("items", "next_cursor");
    JsonObject first = page.getJsonArray("items").getJsonObject(0);
    assertThat(first).isEqualTo(dataset.get(1));
    assertThat(
            IntStream.range(0, page.getJsonArray("items").size())
                .mapToObj(i -> page.getJsonArray("items").getJsonObject(i))
                .allMatch(o -> o.fieldNames().size() == 24))
        .isTrue();
  }
}
