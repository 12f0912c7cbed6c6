package dev.wrench.fuzz;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The fixed values the fuzzer draws from: unicode edge cases, values of the wrong JSON type, bad
 * UUIDs and times, bad query and path values, unknown query parameters, extra field names and
 * content types.
 */
final class FuzzValues {

  private FuzzValues() {}

  static final List<String> EDGE_STRINGS =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u0000".repeat(50),
          "\uD800",
          "x\uDC00",
          "é\uD800",
          "\uDBFF\uDFFF",
          "\uDFFF\uD800",
          "\u202Eevil\u202C",
          "\u200B\u200D\u2060",
          "\uFEFF",
          "\uFFFE\uFFFF",
          "👩‍🔧",
          "עברית",
          "𝕏𝔸",
          "%zz",
          "%00",
          "' OR '1'='1",
          "<script>alert(1)</script>",
          "\\",
          "\"",
          "\n\r\t\b\f",
          "\u007F\u0080\u009F",
          "a".repeat(10_001),
          "😀".repeat(5_000),
          "é".repeat(300));

  static final List<String> WRONG_TYPES =
      List.of(
          "123",
          "-1",
          "0",
          "1.5",
          "-0",
          "1e309",
          "99999999999999999999999999",
          "true",
          "false",
          "null",
          "[]",
          "{}",
          "[\"x\"]",
          "{\"a\":1}",
          "[null]");

  static final List<String> BAD_UUIDS =
      List.of(
          "",
          "not-a-uuid",
          "00000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "{00000000-0000-0000-0000-000000000001}",
          "g0000000-0000-0000-0000-000000000000",
          "12345678-1234-1234-1234-1234567890123",
          "12345678123412341234123456789012",
          "1-1-1-1-1",
          "\u0000",
          "00000000-0000-0000-0000-00000000000\u0000");

  static final List<String> BAD_TIMES =
      List.of(
          "",
          "2026-13-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-12-01T17:00:00",
          "2026-12-01",
          "2026-12-01T24:00:00Z",
          "2026-12-01T17:00:60Z",
          "2026-12-01T17:00:00+25:00",
          "2026-12-01t17:00:00z",
          "2026-12-01T17:00:00.123456789Z",
          "0000-01-01T00:00:00Z",
          "0000-01-01T00:00:00+14:00",
          "0001-01-01T00:00:00+14:00",
          "9999-12-31T23:59:59Z",
          "9999-12-31T23:59:59-14:00",
          "9998-12-31T23:59:59-14:00",
          "+10000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "2026-12-01T17:00:00\u0000Z");

  /** Query values that break percent-decoding, UTF-8, numbers or patterns. */
  static final List<String> BAD_QUERY_VALUES =
      List.of(
          "",
          "%zz",
          "%",
          "%0",
          "%00",
          "a%00b",
          "%C0%80",
          "%ED%A0%80",
          "%FF",
          "%E2%80%AE",
          "%F0%9F%98%80",
          "+",
          "%2B",
          "a,,b",
          ",",
          "-1",
          "0",
          "101",
          "1e3",
          "0x10",
          "abc",
          "99999999999999999999",
          "a".repeat(5_000),
          "%25zz");

  static final List<String> BAD_PATH_VALUES =
      List.of(
          "not-a-uuid",
          "%zz",
          "%",
          "%0",
          "%00",
          "%C0%80",
          "%FF",
          "%ED%A0%80",
          "..",
          "%2e%2e",
          "%2F",
          "a%2Fb",
          "00000000-0000-0000-0000-000000000000",
          "%20",
          "%F0%9F%98%80",
          "x".repeat(3_000),
          "%7B%7D",
          ";a=b",
          "%3B");

  static final List<String> UNKNOWN_QUERIES =
      List.of(
          "foo=1",
          "%zz=1",
          "q=%zz",
          "=1",
          "&&&",
          "a%00b=1",
          "limit=1&limit=2",
          "cursor%5B%5D=x",
          "%C0%80=1",
          "x=" + "y".repeat(4_000),
          "sort=nope",
          "a=%",
          "%=%",
          "q=%E0%A4%A");

  static final List<String> EXTRA_FIELD_NAMES =
      List.of(
          "unknown",
          "\u0000",
          "",
          "a\u0000b",
          "\uD800",
          "__proto__",
          "id",
          "version",
          "org_id",
          "created_at",
          "deleted_at",
          "n".repeat(5_000),
          "%zz");

  /** Content types (null: none) a body may be sent with. */
  static final List<String> CONTENT_TYPES =
      Collections.unmodifiableList(
          Arrays.asList(
              null,
              "",
              "text/plain",
              "application/json; charset=iso-8859-1",
              "application/json;;;",
              "application/x-www-form-urlencoded",
              "multipart/form-data",
              "multipart/form-data; boundary=x",
              "application/problem+json",
              "application/xml",
              "*/*",
              "application/jsonx",
              "application/json; charset=utf-16",
              "application/merge-patch+json",
              "é/é"));

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
