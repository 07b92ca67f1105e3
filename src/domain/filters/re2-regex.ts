// Hubble compiles dns_query / http_path / http_url with Go's regexp (RE2 syntax). JavaScript's
// RegExp is close but not equal, so patterns are translated rather than passed through:
// - RE2-only syntax becomes JS: \A \z, \Q…\E, (?P<name>…), [[:alpha:]], \pL, octal, \x{…};
// - RE2 semantics are kept where JS differs: `.` excludes only \n, `\s` is ASCII, `$` is end
//   of text, (?m)/(?s) are scoped, a scoped (?i) is emulated with case-variant classes;
// - what RE2 refuses is refused: lookaround, backreferences, atomic groups, \C, \Z, {n>1000}.
// Only match/no-match matters to filters, so greediness ((?U), lazy `?`) needs no translation.
import { ClassBuilder, caseVariants, hexEscape } from "./re2-classes.ts";
import { Re2SyntaxError, fail, isAsciiAlnum, readBracketClass, readClassEscape, readEscapedChar } from "./re2-escapes.ts";

interface Flags {
  readonly fold: boolean;
  readonly dotNL: boolean;
  readonly multiLine: boolean;
}

const MAX_REPEAT = 1000;
const REPEAT = /\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}/y;

class Translator {
  private pos = 0;
  private out = "";
  private flags: Flags = { fold: false, dotNL: false, multiLine: false };
  private readonly groups: Flags[] = [];
  private readonly names = new Set<string>();
  private canRepeat = false;
  private lastRepeat = false;
  /** Fold states seen at case-sensitive items; both values mean (?i) is scoped, not global. */
  readonly foldStates = new Set<boolean>();

  private readonly pattern: string;
  private readonly emulateFold: boolean;

  constructor(pattern: string, emulateFold: boolean) {
    this.pattern = pattern;
    this.emulateFold = emulateFold;
  }

  run(): string {
    while (this.pos < this.pattern.length) this.step();
    if (this.groups.length > 0) fail("missing closing )");
    return this.out;
  }

  private step(): void {
    const c = this.pattern[this.pos]!;
    switch (c) {
      case "(":
        return this.openGroup();
      case ")":
        if (this.groups.length === 0) fail("unexpected )");
        this.flags = this.groups.pop()!;
        this.pos++;
        return this.atom(")");
      case "|":
        this.pos++;
        this.out += "|";
        this.canRepeat = false;
        this.lastRepeat = false;
        return;
      case "^":
        this.pos++;
        return this.atom(this.flags.multiLine ? "(?:(?<![^\\n]))" : "(?:(?<![\\s\\S]))");
      case "$":
        this.pos++;
        return this.atom(this.flags.multiLine ? "(?:(?![^\\n]))" : "(?:(?![\\s\\S]))");
      case ".":
        this.pos++;
        return this.atom(this.flags.dotNL ? "[\\s\\S]" : "[^\\n]");
      case "[":
        return this.parseClass();
      case "*":
      case "+":
      case "?":
        return this.repeat(c);
      case "{": {
        REPEAT.lastIndex = this.pos;
        const m = REPEAT.exec(this.pattern);
        if (!m) return this.literal(0x7b, 1);
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === undefined ? -1 : Number(m[3]);
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
          fail(`invalid repeat count: \`${m[0]}\``);
        }
        return this.repeat(m[0]);
      }
      case "\\":
        return this.escape();
      default: {
        const cp = this.pattern.codePointAt(this.pos)!;
        return this.literal(cp, cp > 0xffff ? 2 : 1);
      }
    }
  }

  private atom(source: string): void {
    this.out += source;
    this.canRepeat = true;
    this.lastRepeat = false;
  }

  private repeat(op: string): void {
    if (!this.canRepeat) fail(`missing argument to repetition operator: \`${op}\``);
    if (this.lastRepeat) fail(`invalid nested repetition operator: \`${op}\``);
    this.pos += op.length;
    let text = op;
    if (this.pattern[this.pos] === "?") {
      text += "?";
      this.pos++;
    }
    this.out += text;
    this.lastRepeat = true;
  }

  private literal(cp: number, width: number): void {
    this.pos += width;
    const variants = caseVariants(cp);
    if (variants.length > 0) this.foldStates.add(this.flags.fold);
    if (this.emulateFold && this.flags.fold && variants.length > 0) {
      const cls = new ClassBuilder();
      cls.addRange(cp, cp, true);
      return this.atom(cls.toSource(false));
    }
    this.atom(isAsciiAlnum(cp) ? String.fromCodePoint(cp) : hexEscape(cp));
  }

  private openGroup(): void {
    const p = this.pattern;
    const at = (s: string) => p.startsWith(s, this.pos);
    if (!at("(?")) {
      this.groups.push(this.flags);
      this.pos++;
      this.out += "(";
      this.canRepeat = false;
      this.lastRepeat = false;
      return;
    }
    if (at("(?=") || at("(?!")) fail("lookahead `(?=` / `(?!` is not supported (RE2 syntax)");
    if (at("(?<=") || at("(?<!")) fail("lookbehind `(?<=` / `(?<!` is not supported (RE2 syntax)");
    if (at("(?P=")) fail("backreferences are not supported (RE2 syntax)");
    if (at("(?>")) fail("atomic groups `(?>` are not supported (RE2 syntax)");
    if (at("(?P<") || at("(?<")) {
      const begin = this.pos + (at("(?P<") ? 4 : 3);
      const end = p.indexOf(">", begin);
      const name = end < 0 ? "" : p.slice(begin, end);
      if (!/^[0-9A-Za-z_]+$/.test(name)) fail(`invalid named capture: \`${p.slice(this.pos, end + 1)}\``);
      if (this.names.has(name)) fail(`duplicate capture group name: \`${name}\``);
      this.names.add(name);
      // Names only matter for extraction; a plain group avoids JS's stricter name rules.
      this.groups.push(this.flags);
      this.pos = end + 1;
      this.out += "(";
      this.canRepeat = false;
      this.lastRepeat = false;
      return;
    }
    this.parseFlags();
  }

  // (?flags) changes flags up to the end of the enclosing group; (?flags:re) only inside.
  private parseFlags(): void {
    const start = this.pos;
    let i = this.pos + 2;
    let { fold, dotNL, multiLine } = this.flags;
    let sign = true;
    let sawFlag = false;
    for (;;) {
      const c = this.pattern[i++];
      if (c === "i") fold = sign;
      else if (c === "s") dotNL = sign;
      else if (c === "m") multiLine = sign;
      else if (c === "U") {
        // Ungreedy swaps greediness only; irrelevant for a yes/no match.
      } else if (c === "-" && sign) {
        sign = false;
        sawFlag = false;
        continue;
      } else if ((c === ":" || c === ")") && (sign || sawFlag)) {
        const next = { fold, dotNL, multiLine };
        this.pos = i;
        if (c === ":") {
          this.groups.push(this.flags);
          this.out += "(?:";
          this.canRepeat = false;
          this.lastRepeat = false;
        }
        this.flags = next;
        return;
      } else {
        fail(`invalid or unsupported Perl syntax: \`${this.pattern.slice(start, i)}\``);
      }
      sawFlag = true;
    }
  }

  private escape(): void {
    const next = this.pattern[this.pos + 1];
    if (next === undefined) fail("trailing backslash at end of expression");
    switch (next) {
      case "A":
        this.pos += 2;
        return this.atom("(?:(?<![\\s\\S]))");
      case "z":
        this.pos += 2;
        return this.atom("(?:(?![\\s\\S]))");
      case "b":
      case "B":
        this.pos += 2;
        return this.atom(`(?:\\${next})`);
      case "C":
        return fail("\\C (any byte) is not supported");
      case "Q": {
        const end = this.pattern.indexOf("\\E", this.pos + 2);
        const stop = end < 0 ? this.pattern.length : end;
        this.pos += 2;
        while (this.pos < stop) {
          const cp = this.pattern.codePointAt(this.pos)!;
          this.literal(cp, cp > 0xffff ? 2 : 1);
        }
        this.pos = end < 0 ? stop : end + 2;
        return;
      }
    }
    const cls = new ClassBuilder();
    const after = readClassEscape(this.pattern, this.pos, cls, this.emulateFold && this.flags.fold);
    if (after >= 0) {
      this.pos = after;
      this.foldStates.add(this.flags.fold);
      return this.atom(cls.toSource(false));
    }
    const [cp, end] = readEscapedChar(this.pattern, this.pos);
    this.pos = end;
    this.literal(cp, 0);
  }

  private parseClass(): void {
    const [source, next] = readBracketClass(this.pattern, this.pos, this.emulateFold && this.flags.fold);
    this.pos = next;
    this.foldStates.add(this.flags.fold);
    this.atom(source);
  }
}

/**
 * Compiles an RE2 (Go regexp) pattern into an equivalent JavaScript RegExp for unanchored
 * `test()` matching, as Hubble's `regexp.MatchString` does.
 * @throws Re2SyntaxError for syntax RE2 rejects (lookaround, backreferences, bad escapes…).
 */
export function compileRe2(pattern: string): RegExp {
  if (/\p{Cs}/u.test(pattern)) throw new Re2SyntaxError("invalid UTF-8");
  const plain = new Translator(pattern, false);
  let source = plain.run();
  let flags = plain.foldStates.has(true) ? "iu" : "u";
  if (plain.foldStates.has(true) && plain.foldStates.has(false)) {
    // (?i) covers only part of the pattern: no JS flag can express that on Node 20.
    source = new Translator(pattern, true).run();
    flags = "u";
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new Re2SyntaxError(e instanceof Error ? e.message : String(e));
  }
}
