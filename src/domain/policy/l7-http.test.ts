import { describe, expect, it } from "vitest";
import { compileFullMatch, httpRuleMatches, parseHeaderEntry, type HttpRule } from "./l7-http.ts";

const rule = (fields: Partial<HttpRule>): HttpRule => ({ headers: [], text: "", ...fields });

describe("compileFullMatch", () => {
  it.each<[string, string, boolean]>([
    ["GET", "GET", true],
    ["GET", "GETS", false],
    ["GET|POST", "POST", true],
    ["/api/.*", "/api/", true],
    ["/api/.*", "/apiv2", false],
    ["^/status/200$", "/status/200", true],
    ["(?i)get", "GET", true],
    ["(?P<v>v[0-9])/x", "v1/x", true],
  ])("%s on %s: %s", (source, value, expected) => {
    const regex = compileFullMatch(source);
    expect(typeof regex !== "string" && regex.test(value)).toBe(expected);
  });

  it.each<[string, RegExp]>([
    ["(", /^invalid regular expression/],
    ["a(?=b)", /lookahead/],
    ["(?<!a)b", /lookahead\/lookbehind/],
    ["(a)\\1", /backreferences/],
    ["a++", /possessive/],
    ["(?>a)", /atomic/],
  ])("rejects %s", (source, problem) => {
    expect(compileFullMatch(source)).toMatch(problem);
  });
});

describe("parseHeaderEntry", () => {
  it.each([
    ["X-Token", { name: "X-Token" }],
    ["X-API-Version: v1", { name: "X-API-Version", value: "v1" }],
    ["Authorization: Bearer abc", { name: "Authorization", value: "Bearer abc" }],
    ["X-Key true", { name: "X-Key", value: "true" }],
  ])("%s", (entry, expected) => {
    expect(parseHeaderEntry(entry)).toEqual(expected);
  });
});

describe("httpRuleMatches", () => {
  it.each<[string, HttpRule, boolean]>([
    ["empty rule", rule({}), true],
    ["host from the Host header", rule({ host: /^(?:b\.prod)$/ }), true],
    ["header names ignore case", rule({ headers: [{ name: "x-env", value: "prod" }] }), true],
    ["header values do not", rule({ headers: [{ name: "X-Env", value: "PROD" }] }), false],
    ["Host is a header too", rule({ headers: [{ name: "host", value: "b.prod" }] }), true],
  ])("%s", (_name, r, expected) => {
    expect(httpRuleMatches(r, { method: "GET", path: "/", host: "b.prod", headers: { "X-Env": "prod" } })).toBe(expected);
  });
});
