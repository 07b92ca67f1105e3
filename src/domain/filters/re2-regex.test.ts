import { describe, expect, it } from "vitest";
import { Re2SyntaxError } from "./re2-escapes.ts";
import { compileRe2 } from "./re2-regex.ts";

describe("compileRe2: RE2 semantics in JavaScript", () => {
  it.each<[string, string[], string[]]>([
    ["cilium\\.io", ["docs.cilium.io.", "xcilium.io"], ["ciliumxio"]],
    ["^/api/v[0-9]+", ["/api/v1/x"], ["/apix", "x/api/v1"]],
    ["a.c", ["abc", "a\rc"], ["a\nc"]], // RE2 `.` excludes only \n (JS also excludes \r)
    ["(?s)a.c", ["a\nc"], ["ac"]],
    ["^b$", ["b"], ["a\nb\nc", "b\n"]], // `$` is end of text, never before a final \n
    ["(?m)^b$", ["a\nb\nc"], ["ab"]],
    ["\\Aab\\z", ["ab"], ["ab\n", "xab"]],
    ["\\s", [" ", "\t"], ["\u00a0", "\v"]], // RE2 \s is ASCII [\t\n\f\r ]
    ["[\\S]", ["x", "\u00a0"], [" "]],
    ["(?i)GET", ["get", "GeT"], ["post"]],
    ["a(?i)b", ["aB", "ab"], ["AB"]], // scoped (?i) only from where it appears
    ["(?i:x)y", ["Xy"], ["XY"]],
    ["(?i)[a-c]+z", ["ABz", "ABZ"], ["dz"]],
    ["x(?i:[a-c])", ["xB"], ["XB"]],
    ["\\Qa.b*\\E", ["a.b*"], ["axb"]],
    ["[[:digit:]]+$", ["abc12"], ["12a"]],
    ["[[:^alpha:]]", ["1"], ["abc"]],
    ["\\pL+\\d", ["é1"], ["é"]],
    ["\\p{Greek}", ["λ"], ["l"]],
    ["\\P{L}", ["1"], ["a"]],
    ["\\x{41}\\101\\x42", ["AAB"], ["AB"]],
    ["(?P<n>x)(?<m>y)\\d", ["xy1"], ["xy"]],
    ["a{2,3}", ["aa"], ["a"]],
    ["a{,2}", ["a{,2}"], ["aa"]], // not a repeat: literal braces
    ["[]a]", ["]"], ["b"]],
    ["[^]a]", ["b"], ["]", "a"]],
    ["a]b}c", ["a]b}c"], ["abc"]],
    ["\\_\\-\\/", ["_-/"], ["_/"]],
    ["(?U)a+", ["aaa"], ["b"]],
  ])("%s", (pattern, matching, notMatching) => {
    const re = compileRe2(pattern);
    for (const s of matching) expect(re.test(s), `${JSON.stringify(s)} should match`).toBe(true);
    for (const s of notMatching) expect(re.test(s), `${JSON.stringify(s)} should not match`).toBe(false);
  });
});

describe("compileRe2: syntax RE2 rejects", () => {
  it.each([
    ["(?=a)", /lookahead/],
    ["(?!a)", /lookahead/],
    ["(?<=a)b", /lookbehind/],
    ["(?<!a)b", /lookbehind/],
    ["(a)\\1", /backreferences/],
    ["\\k<x>", /backreferences/],
    ["(?P=n)", /backreferences/],
    ["\\8", /backreferences/],
    ["(?>a)", /atomic/],
    ["\\C", /any byte/],
    ["\\Z", /invalid escape/],
    ["\\e", /invalid escape/],
    ["[\\b]", /invalid escape/],
    ["\\x4", /invalid escape/],
    ["a{1001}", /invalid repeat count/],
    ["a{3,2}", /invalid repeat count/],
    ["a**", /nested repetition/],
    ["*a", /missing argument/],
    ["(?i)*", /missing argument/],
    ["[a", /missing closing \]/],
    ["(a", /missing closing \)/],
    ["a)", /unexpected \)/],
    ["[z-a]", /class range/],
    ["[[:foo:]]", /class range/],
    ["\\p{Foo}", /class range/],
    ["(?x)a", /unsupported Perl syntax/],
    ["(?P<1-a>x)", /named capture/],
    ["(?P<a>x)(?P<a>y)", /duplicate capture group name/],
    ["a\\", /trailing backslash/],
  ])("%s", (pattern, message) => {
    expect(() => compileRe2(pattern)).toThrow(Re2SyntaxError);
    expect(() => compileRe2(pattern)).toThrow(message);
  });
});
