import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError, quoteBigIntegers, scanJson } from "./json-syntax.ts";

describe("scanJson", () => {
  it.each(['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', "[]", "{}", ' "s" ', "0"])("accepts %s", (text) => {
    expect(scanJson(text)).toEqual({ kind: "ok" });
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each(["", "{", '{"a', '{"a"', '{"a":', '{"a":1', '{"a":1,', '{"a":[1,', '{"a":tr', '{"a":-', '{"a":1.', '{"a":1e', '{"a":"\\', '{"a":"\\u00'])(
    "calls %j truncated",
    (text) => {
      expect(scanJson(text)).toEqual({ kind: "eof" });
    },
  );
});

describe("describeJsonSyntaxError", () => {
  it.each([
    ['{"flow":{"time":"2021', "truncated JSON (unexpected end of input)"],
    ["hello", 'not JSON: expected a JSON value, found "h" at column 1'],
    ['{"a":01}', 'not JSON: expected "," or "}", found "1" at column 7'],
    ['{"a":[1 2]}', 'not JSON: expected "," or "]", found "2" at column 9'],
    ['{"a" 1}', 'not JSON: expected ":" after the key, found "1" at column 6'],
    ['{"a":"\\x"}', 'not JSON: expected a valid escape character, found "x" at column 8'],
    ['{"a":"tab\there"}', "not JSON: raw control character U+0009 inside a string at column 10"],
    ['{"a":1}}', 'not JSON: expected the end of the line after the JSON value, found "}" at column 8'],
  ])("%j", (text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(describeJsonSyntaxError(text, "engine message")).toBe(expected);
  });
});

describe("quoteBigIntegers", () => {
  it.each([
    ['{"a":18446744073709551615}', '{"a":"18446744073709551615"}'],
    ['{"a":[-9223372036854775808,1]}', '{"a":["-9223372036854775808",1]}'],
    ['{"a":9007199254740991}', '{"a":9007199254740991}'], // still safe
    ['{"a":1.12345678901234567}', '{"a":1.12345678901234567}'], // not an integer
    ['{"a":12345678901234567e2}', '{"a":12345678901234567e2}'], // not an integer
    ['{"s":"12345678901234567890","b":12345678901234567890}', '{"s":"12345678901234567890","b":"12345678901234567890"}'],
    ['{"s":"\\"12345678901234567890"}', '{"s":"\\"12345678901234567890"}'], // inside a string after an escaped quote
  ])("%s", (input, expected) => {
    expect(quoteBigIntegers(input)).toBe(expected);
  });
});
