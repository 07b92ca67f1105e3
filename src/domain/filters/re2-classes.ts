// Character-class building blocks for the RE2 → JavaScript translation (see re2-regex.ts).
// Classes are kept as code-point ranges so Go's semantics (ASCII `\s`, POSIX names, negation,
// case folding) are reproduced exactly and emitted as `\u{…}` ranges that are valid in `u` mode.

/** Flat list of inclusive ranges: [lo0, hi0, lo1, hi1, …]. */
export type Ranges = readonly number[];

const MAX_CODE_POINT = 0x10ffff;

/** RE2's Perl classes are ASCII-only (unlike JavaScript's Unicode-aware `\s`). */
export const PERL_CLASSES: Readonly<Record<string, Ranges>> = {
  d: [0x30, 0x39],
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

/** RE2's `[[:name:]]` classes. */
export const POSIX_CLASSES: Readonly<Record<string, Ranges>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

// Unicode general categories Go's regexp accepts after \p; any other name is taken as a script.
const GENERAL_CATEGORIES = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

/** Complement of sorted, non-overlapping ranges within 0..0x10FFFF. */
export function complementRanges(ranges: Ranges): number[] {
  const sorted = normalizeRanges(ranges);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < sorted.length; i += 2) {
    if (sorted[i]! > next) out.push(next, sorted[i]! - 1);
    next = sorted[i + 1]! + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

function normalizeRanges(ranges: Ranges): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

// Characters whose simple case-fold orbit has more than two members (Kelvin sign, long s).
const EXTRA_FOLDS: Readonly<Record<number, readonly number[]>> = {
  0x4b: [0x212a], 0x6b: [0x212a], 0x212a: [0x4b, 0x6b],
  0x53: [0x17f], 0x73: [0x17f], 0x17f: [0x53, 0x73],
};

/** Other members of a code point's case-fold orbit (approximation of Go's unicode.SimpleFold). */
export function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out: number[] = [];
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const vcp = v.codePointAt(0)!;
    if (v.length === String.fromCodePoint(vcp).length && vcp !== cp && !out.includes(vcp)) out.push(vcp);
  }
  for (const extra of EXTRA_FOLDS[cp] ?? []) if (!out.includes(extra)) out.push(extra);
  return out;
}

// Case-folding a range code point by code point is fine for ASCII and small ranges; a huge
// non-ASCII range under a scoped (?i) has no cheap JavaScript equivalent.
const MAX_FOLDED_RANGE = 4096;

/** Accumulates one character class. */
export class ClassBuilder {
  private readonly ranges: number[] = [];
  private readonly raw: string[] = [];

  /** Adds lo..hi, plus every case variant when `fold` emulates a scoped `(?i)`. */
  addRange(lo: number, hi: number, fold: boolean): void {
    this.ranges.push(lo, hi);
    if (!fold) return;
    const asciiLetters: [number, number, number][] = [
      [0x41, 0x5a, 0x20],
      [0x61, 0x7a, -0x20],
    ];
    for (const [from, to, delta] of asciiLetters) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) this.ranges.push(a + delta, b + delta);
    }
    for (const key of Object.keys(EXTRA_FOLDS)) {
      const cp = Number(key);
      if (cp >= lo && cp <= hi) for (const v of EXTRA_FOLDS[cp]!) this.ranges.push(v, v);
    }
    const start = Math.max(lo, 0x80);
    if (start > hi) return;
    if (hi - start > MAX_FOLDED_RANGE) {
      throw new Error("case-insensitive class range too wide for a scoped (?i); put (?i) at the start of the pattern");
    }
    for (let cp = start; cp <= hi; cp++) for (const v of caseVariants(cp)) this.ranges.push(v, v);
  }

  addRanges(ranges: Ranges, fold: boolean): void {
    for (let i = 0; i < ranges.length; i += 2) this.addRange(ranges[i]!, ranges[i + 1]!, fold);
  }

  /** Adds an already-valid JavaScript class item such as `\p{Lu}`. */
  addRaw(item: string): void {
    this.raw.push(item);
  }

  /** `[…]` or `[^…]` source, valid with the `u` flag. */
  toSource(negated: boolean): string {
    const merged = normalizeRanges(this.ranges);
    let body = "";
    for (let i = 0; i < merged.length; i += 2) {
      body += merged[i] === merged[i + 1] ? hexEscape(merged[i]!) : `${hexEscape(merged[i]!)}-${hexEscape(merged[i + 1]!)}`;
    }
    return `[${negated ? "^" : ""}${body}${this.raw.join("")}]`;
  }
}

/** `\u{…}` escape, valid inside and outside classes in `u` mode. */
export function hexEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Code-point range of RE2's `\p{Any}`. */
export const ANY_RANGE: Ranges = [0, MAX_CODE_POINT];

/**
 * JavaScript class item for RE2's `\p{name}` (or `\P{name}` when `negated`): a general category
 * or a script (`Any` is handled by callers with {@link ANY_RANGE}). Undefined for names Go rejects.
 */
export function unicodeClassSource(name: string, negated: boolean): string | undefined {
  const p = negated ? "P" : "p";
  const source = GENERAL_CATEGORIES.has(name) ? `\\${p}{${name}}` : `\\${p}{Script=${name}}`;
  try {
    return new RegExp(source, "u").source;
  } catch {
    return undefined;
  }
}
