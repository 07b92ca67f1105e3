// Readers for the parts of RE2 syntax that start with `\` or `[`: Go's parseEscape (single
// characters: \n, \x{…}, octal, escaped punctuation), Perl and Unicode class escapes (\d, \pL),
// and bracketed classes with POSIX names. Each takes the pattern and a position and returns
// what it read plus the position after it; errors are Re2SyntaxError with Go-like wording.
import {
  ANY_RANGE,
  ClassBuilder,
  PERL_CLASSES,
  POSIX_CLASSES,
  complementRanges,
  unicodeClassSource,
} from "./re2-classes.ts";

/** A pattern RE2 (Go's regexp) would not compile. */
export class Re2SyntaxError extends Error {
  override readonly name = "Re2SyntaxError";
}

/** Throws a {@link Re2SyntaxError}. */
export function fail(message: string): never {
  throw new Re2SyntaxError(message);
}

/** ASCII letters and digits: the only characters whose escapes mean something special. */
export function isAsciiAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "7";
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Go's parseEscape for `\…` at `pos`: the escaped code point and the index after the escape. */
export function readEscapedChar(p: string, pos: number): [number, number] {
  const cp = p.codePointAt(pos + 1);
  if (cp === undefined) return fail("trailing backslash at end of expression");
  const c = String.fromCodePoint(cp);
  let at = pos + 1 + c.length;
  if (cp < 0x80 && !isAsciiAlnum(cp)) return [cp, at];
  if (SIMPLE_ESCAPES[c] !== undefined) return [SIMPLE_ESCAPES[c], at];
  // A lone \1-\9 would be a backreference; \1 followed by an octal digit is an octal escape.
  if (c >= "1" && c <= "9" && !(c <= "7" && isOctal(p[at]))) fail(`backreferences are not supported (RE2 syntax): \`\\${c}\``);
  if (c >= "0" && c <= "7") {
    let value = Number(c);
    for (let n = 0; n < 2 && isOctal(p[at]); n++) value = value * 8 + Number(p[at++]);
    return [value, at];
  }
  if (c === "x") {
    if (p[at] === "{") {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(at, at + 12));
      const value = m ? parseInt(m[1]!, 16) : NaN;
      if (!m || !(value <= 0x10ffff)) fail(`invalid escape sequence: \`\\x${p.slice(at, at + 8)}\``);
      return [value, at + m[0].length];
    }
    const hex = p.slice(at, at + 2);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(`invalid escape sequence: \`\\x${hex}\``);
    return [parseInt(hex, 16), at + 2];
  }
  if (c === "k") fail("backreferences are not supported (RE2 syntax): `\\k`");
  if (c === "Z") fail("invalid escape sequence: `\\Z` (RE2 has no \\Z; use \\z or $)");
  return fail(`invalid escape sequence: \`\\${c}\``);
}

/**
 * Adds `\d \s \w \D \S \W` or `\p{…}` / `\P{…}` at `pos` to `cls`.
 * @returns the index after the escape, or -1 when `pos` holds some other escape.
 */
export function readClassEscape(p: string, pos: number, cls: ClassBuilder, fold: boolean): number {
  const next = p[pos + 1] ?? "";
  const lower = next.toLowerCase();
  if ("dswDSW".includes(next) && next !== "") {
    const ranges = PERL_CLASSES[lower]!;
    cls.addRanges(next === lower ? ranges : complementRanges(ranges), fold);
    return pos + 2;
  }
  if (next !== "p" && next !== "P") return -1;
  let negated = next === "P";
  let name: string;
  let end: number;
  if (p[pos + 2] === "{") {
    const close = p.indexOf("}", pos + 3);
    if (close < 0) fail(`invalid character class range: \`${p.slice(pos)}\``);
    name = p.slice(pos + 3, close);
    end = close + 1;
  } else {
    const cp = p.codePointAt(pos + 2);
    name = cp === undefined ? "" : String.fromCodePoint(cp);
    end = pos + 2 + name.length;
  }
  if (name.startsWith("^")) {
    negated = !negated;
    name = name.slice(1);
  }
  if (name === "Any") {
    cls.addRanges(negated ? [] : ANY_RANGE, false);
    return end;
  }
  // Unicode classes are not case-folded under a scoped (?i): an accepted approximation.
  const source = name === "" ? undefined : unicodeClassSource(name, negated);
  if (source === undefined) fail(`invalid character class range: \`\\p{${name}}\``);
  cls.addRaw(source);
  return end;
}

function readClassChar(p: string, pos: number): [number, number] {
  if (p[pos] === "\\") return readEscapedChar(p, pos);
  const cp = p.codePointAt(pos)!;
  return [cp, pos + (cp > 0xffff ? 2 : 1)];
}

/** Go's parseClass for `[…]` at `pos`: the JavaScript class source and the index after `]`. */
export function readBracketClass(p: string, start: number, fold: boolean): [string, number] {
  let pos = start + 1;
  const negated = p[pos] === "^";
  if (negated) pos++;
  const cls = new ClassBuilder();
  // `]` right after `[` or `[^` is a literal.
  for (let first = true; ; first = false) {
    if (pos >= p.length) fail("missing closing ]");
    if (p[pos] === "]" && !first) break;
    if (p.startsWith("[:", pos)) {
      const end = p.indexOf(":]", pos + 2);
      if (end >= 0) {
        let name = p.slice(pos + 2, end);
        const neg = name.startsWith("^");
        if (neg) name = name.slice(1);
        const ranges = POSIX_CLASSES[name];
        if (!ranges) fail(`invalid character class range: \`${p.slice(pos, end + 2)}\``);
        cls.addRanges(neg ? complementRanges(ranges) : ranges, fold);
        pos = end + 2;
        continue;
      }
    }
    if (p[pos] === "\\") {
      const after = readClassEscape(p, pos, cls, fold);
      if (after >= 0) {
        pos = after;
        continue;
      }
    }
    const [lo, afterLo] = readClassChar(p, pos);
    let hi = lo;
    pos = afterLo;
    if (p[pos] === "-" && pos + 1 < p.length && p[pos + 1] !== "]") {
      [hi, pos] = readClassChar(p, pos + 1);
      if (hi < lo) fail("invalid character class range");
    }
    cls.addRange(lo, hi, fold);
  }
  return [cls.toSource(negated), pos + 1];
}
