import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { timestamp } from "../../testing/flow-builders.ts";
import { type CompactTimeFormat, formatGoTime, goJoinHostPort, goPathJoin, goQuote, joinWithCutOff } from "./go-format.ts";

describe("formatGoTime", () => {
  it.each<[string, string, CompactTimeFormat, string]>([
    ["day padded with a space", "2021-10-02T14:06:19.406999999Z", "StampMilli", "Oct  2 14:06:19.406"],
    ["two-digit day", "2021-05-14T00:00:00Z", "StampMilli", "May 14 00:00:00.000"],
    ["RFC3339 drops the fraction", "2021-11-10T10:40:56.4655977Z", "RFC3339", "2021-11-10T10:40:56Z"],
    ["RFC3339Milli trims zeros", "2021-11-10T10:40:56.400Z", "RFC3339Milli", "2021-11-10T10:40:56.4Z"],
    ["RFC3339Micro truncates", "2021-11-10T10:40:56.4655977Z", "RFC3339Micro", "2021-11-10T10:40:56.465597Z"],
    ["RFC3339Nano", "2021-11-10T10:40:56.4655977Z", "RFC3339Nano", "2021-11-10T10:40:56.4655977Z"],
    ["whole seconds", "2024-01-01T10:00:00Z", "RFC3339Nano", "2024-01-01T10:00:00Z"],
  ])("%s", (_name, iso, format, expected) => {
    expect(formatGoTime(timestamp(iso), format)).toBe(expected);
  });

  it.each([
    ["absent", undefined],
    ["before year 1", create(TimestampSchema, { seconds: -62135596801n })],
    ["year 10000", create(TimestampSchema, { seconds: 253402300800n })],
    ["negative nanos", create(TimestampSchema, { seconds: 0n, nanos: -1 })],
  ])("prints N/A for an %s timestamp", (_name, ts) => {
    expect(formatGoTime(ts)).toBe("N/A");
  });
});

describe("goQuote", () => {
  it.each([
    ["plain", "abc", '"abc"'],
    ["quotes and backslashes", 'a"b\\c', '"a\\"b\\\\c"'],
    ["short escapes", "\x07\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'],
    ["other control characters", "\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'],
    ["printable unicode stays", "naïve 日本 🚀", '"naïve 日本 🚀"'],
    ["non-printable unicode", "\u00a0\u200b\u2028\ufeff", '"\\u00a0\\u200b\\u2028\\ufeff"'],
  ])("%s", (_name, input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});

describe("goPathJoin / goJoinHostPort / joinWithCutOff", () => {
  it.each([
    [["default", "xwing"], "default/xwing"],
    [["", "xwing"], "xwing"],
    [["", ""], ""],
    [["a/", "/b"], "a/b"],
    [["a", "../b"], "b"],
    [["a", "./b/"], "a/b"],
  ])("path.Join(%j) = %s", (parts, expected) => {
    expect(goPathJoin(...parts)).toBe(expected);
  });

  it.each([
    ["10.0.0.1", "80", "10.0.0.1:80"],
    ["fd00::1", "80", "[fd00::1]:80"],
    ["default/xwing", "42818", "default/xwing:42818"],
  ])("JoinHostPort(%s, %s) = %s", (host, port, expected) => {
    expect(goJoinHostPort(host, port)).toBe(expected);
  });

  it.each([
    [[], ""],
    [["a", "b"], "a, b"],
    [["x".repeat(60), "b"], `${"x".repeat(60)} (and 1 more)`],
    [["ü".repeat(24), "b"], `${"ü".repeat(24)} (and 1 more)`], // 48 bytes + ", " passes 50 only in UTF-8
  ])("joinWithCutOff(%j)", (items, expected) => {
    expect(joinWithCutOff(items, ", ", 50)).toBe(expected);
  });
});
