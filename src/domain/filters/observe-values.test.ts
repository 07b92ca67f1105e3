import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { parseDecimalUint, parseGoDuration, parseGoUint, parseObserveTime } from "./observe-values.ts";
import { quoteShellWord, splitShellWords } from "./shell-words.ts";

describe("parseGoUint (strconv.ParseUint base 0)", () => {
  it.each<[string, 32 | 64, bigint | undefined]>([
    ["20", 64, 20n],
    ["0", 64, 0n],
    ["0x10", 64, 16n],
    ["0b101", 64, 5n],
    ["0o17", 64, 15n],
    ["017", 64, 15n],
    ["1_000", 64, 1000n],
    ["1__0", 64, undefined],
    ["_1", 64, undefined],
    ["0x_1_0", 64, 16n],
    ["18446744073709551615", 64, 18446744073709551615n],
    ["18446744073709551616", 64, undefined],
    ["4294967296", 32, undefined],
    ["-1", 64, undefined],
    ["", 64, undefined],
    ["12a", 64, undefined],
  ])("%s (%i bits)", (text, bits, value) => {
    expect(parseGoUint(text, bits)).toBe(value);
  });

  it("parseDecimalUint keeps leading zeros decimal", () => {
    expect(parseDecimalUint("017", 32)).toBe(17n);
    expect(parseDecimalUint("0x1", 32)).toBeUndefined();
  });
});

describe("parseGoDuration (time.ParseDuration)", () => {
  it.each<[string, bigint | undefined]>([
    ["5m", 300_000_000_000n],
    ["1h30m", 5_400_000_000_000n],
    ["1.5h", 5_400_000_000_000n],
    [".5s", 500_000_000n],
    ["300ms", 300_000_000n],
    ["2us", 2_000n],
    ["2µs", 2_000n],
    ["-2s", -2_000_000_000n],
    ["0", 0n],
    ["", undefined],
    ["5", undefined],
    ["5x", undefined],
    [".s", undefined],
    ["1d", undefined],
  ])("%j", (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });
});

describe("parseObserveTime (hubble time.FromString)", () => {
  const now = new Date("2024-06-01T12:00:00Z");
  it.each<[string, string | undefined]>([
    ["10m", "2024-06-01T11:50:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2024-01-02T15Z", "2024-01-02T15:00:00.000Z"],
    ["2024-01-02T15:04-02:00", "2024-01-02T17:04:00.000Z"],
    ["2024-01-02T15:04:05Z", "2024-01-02T15:04:05.000Z"],
    ["2024-01-02T15:04:05.123+00:00", "2024-01-02T15:04:05.123Z"],
    ["Tue, 02 Jan 2024 15:04:05 +0100", "2024-01-02T14:04:05.000Z"],
    ["2023-02-29", undefined],
    ["2024-01-02T24:00:00Z", undefined],
    ["2024-01-02T10:00:00", undefined],
    ["yesterday", undefined],
  ])("%j", (text, iso) => {
    const ts = parseObserveTime(text, now);
    expect(ts === undefined ? undefined : timestampDate(ts).toISOString()).toBe(iso);
  });
});

describe("shell words", () => {
  it.each<[string, string[]]>([
    ["--pod a  --to-port 80", ["--pod", "a", "--to-port", "80"]],
    [`--label 'app in (a, b)'`, ["--label", "app in (a, b)"]],
    [`--http-url "a\\"b" x\\ y`, ["--http-url", 'a"b', "x y"]],
    [`''`, [""]],
    [`a'b'"c"`, ["abc"]],
    ["", []],
  ])("%j", (text, words) => {
    expect(splitShellWords(text)).toEqual(words);
  });

  it.each(["'open", '"open', "trailing\\"])("rejects %j", (text) => {
    expect(() => splitShellWords(text)).toThrow();
  });

  it.each([["app=web", "app=web"], ["a b", "'a b'"], ["it's", "'it'\\''s'"], ["", "''"]])("quotes %j as %s", (word, quoted) => {
    expect(quoteShellWord(word)).toBe(quoted);
    expect(splitShellWords(quoted)).toEqual([word]);
  });
});
