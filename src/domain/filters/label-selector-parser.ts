// Kubernetes label-selector syntax as Hubble parses it (filters/labelparser.go, then the k8s
// selector lexer/parser vendored in Cilium): Cilium source prefixes `k8s:app` are rewritten to
// `k8s.app`, keys without a source get `any.`, then the k8s grammar and key/value validation
// apply. Ported closely so the same inputs are accepted and rejected.

/** Selector operators, as the k8s `selection` package names them. */
export type SelectorOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

/** One comma-separated clause; `key` is the translated `source.key` form. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

const isSpace = (ch: string) => /\s/u.test(ch);

/**
 * Rewrites colon source prefixes to dot prefixes and prefixes bare keys with `any.`:
 * `k8s:app in (a, b), !tier` → `k8s.app in (a, b), !any.tier`.
 */
export function translateSelector(selector: string): string {
  let out = "";
  let pos = 0;
  const n = selector.length;
  while (pos < n) {
    while (pos < n && (isSpace(selector[pos]!) || selector[pos] === "!")) out += selector[pos++];
    let key = "";
    while (pos < n && !isSpace(selector[pos]!) && !"=!,".includes(selector[pos]!)) key += selector[pos++];
    // Runs even at end of input, as Go's deferred write does: "  " becomes "  any." (invalid).
    if (!key.includes(":")) key = `any:${key}`;
    out += key.replace(":", ".");
    let nesting = 0;
    while (pos < n) {
      const ch = selector[pos++]!;
      if (ch === "(") nesting++;
      else if (ch === ")") nesting--;
      out += ch;
      if (ch === "," && nesting === 0) break;
    }
  }
  return out;
}

const Tok = {
  Error: 0,
  End: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
type Tok = (typeof Tok)[keyof typeof Tok];

const STRING_TO_TOKEN: Readonly<Record<string, Tok>> = {
  ")": Tok.ClosedPar,
  ",": Tok.Comma,
  "!": Tok.DoesNotExist,
  "==": Tok.DoubleEquals,
  "=": Tok.Equals,
  ">": Tok.GreaterThan,
  in: Tok.In,
  "<": Tok.LessThan,
  "!=": Tok.NotEquals,
  notin: Tok.NotIn,
  "(": Tok.OpenPar,
};

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: string) => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecial = (ch: string) => "=!(),><".includes(ch);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  // Go's lexer reads a NUL byte as end of input; keep that.
  const at = (i: number) => (i < s.length ? s[i]! : "\0");
  for (;;) {
    while (isWhitespace(at(pos))) pos++;
    const ch = at(pos);
    if (ch === "\0") {
      items.push({ tok: Tok.End, lit: "" });
      return items;
    }
    if (isSpecial(ch)) {
      let buffer = "";
      let last: Item | undefined;
      while (isSpecial(at(pos))) {
        const candidate = buffer + at(pos);
        const tok = STRING_TO_TOKEN[candidate];
        if (tok !== undefined) last = { tok, lit: candidate };
        else if (last) break;
        buffer = candidate;
        pos++;
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
    } else {
      let lit = "";
      while (at(pos) !== "\0" && !isSpecial(at(pos)) && !isWhitespace(at(pos))) lit += s[pos++];
      items.push({ tok: STRING_TO_TOKEN[lit] ?? Tok.Identifier, lit });
    }
  }
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** k8s IsQualifiedName: `[prefix/]name`; returns an error text or undefined. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return `invalid label key ${JSON.stringify(key)}: at most one '/' allowed`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === "") return `invalid label key ${JSON.stringify(key)}: prefix part must be non-empty`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `invalid label key ${JSON.stringify(key)}: prefix part must be a lowercase DNS subdomain`;
    }
  }
  if (name === "") return `invalid label key ${JSON.stringify(key)}: name part must be non-empty`;
  if (name.length > 63) return `invalid label key ${JSON.stringify(key)}: name part must be no more than 63 characters`;
  if (!LABEL_NAME.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** k8s IsValidLabelValue; returns an error text or undefined. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `invalid label value ${JSON.stringify(value)}: must be no more than 63 characters`;
  if (value !== "" && !LABEL_NAME.test(value)) {
    return `invalid label value ${JSON.stringify(value)}: must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** Go's strconv.ParseInt(s, 10, 64) succeeds. */
export function isInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

class SelectorParser {
  private position = 0;
  private readonly items: Item[];

  constructor(selector: string) {
    this.items = lex(selector);
  }

  // In value context the keywords `in`/`notin` are plain identifiers.
  private lookahead(values: boolean): Item {
    const item = this.items[this.position]!;
    return values && (item.tok === Tok.In || item.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: item.lit } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): SelectorRequirement[] {
    const requirements: SelectorRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === Tok.End) return requirements;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.parseRequirement());
      const next = this.consume(true);
      if (next.tok === Tok.End) return requirements;
      if (next.tok !== Tok.Comma) throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) {
        throw new Error(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): SelectorRequirement {
    let negated = false;
    let item = this.consume(true);
    if (item.tok === Tok.DoesNotExist) {
      negated = true;
      item = this.consume(true);
    }
    if (item.tok !== Tok.Identifier) throw new Error(`unable to parse requirement: found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyError = labelKeyError(key);
    if (keyError) throw new Error(`unable to parse requirement: ${keyError}`);
    // `!key` is complete by itself; anything but ',' or the end after it fails in parse().
    if (negated) return { key, operator: "!", values: [] };
    const next = this.lookahead(true).tok;
    if (next === Tok.End || next === Tok.Comma) return { key, operator: "exists", values: [] };
    const op = this.consume(false);
    const operators: Partial<Record<Tok, SelectorOperator>> = {
      [Tok.In]: "in",
      [Tok.NotIn]: "notin",
      [Tok.Equals]: "=",
      [Tok.DoubleEquals]: "==",
      [Tok.NotEquals]: "!=",
      [Tok.GreaterThan]: "gt",
      [Tok.LessThan]: "lt",
    };
    const operator = operators[op.tok];
    if (!operator) throw new Error(`unable to parse requirement: found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === "in" || operator === "notin" ? this.parseValues() : this.parseExactValue();
    if ((operator === "gt" || operator === "lt") && !isInt64(values[0]!)) {
      throw new Error(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    for (const value of values) {
      const valueError = labelValueError(value);
      if (valueError) throw new Error(`unable to parse requirement: ${valueError}`);
    }
    return { key, operator, values };
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== Tok.OpenPar) throw new Error(`unable to parse requirement: found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === Tok.ClosedPar) {
      this.consume(true);
      return [""];
    }
    if (tok !== Tok.Identifier && tok !== Tok.Comma) {
      throw new Error(`unable to parse requirement: found '${lit}', expected: ',', ')' or identifier`);
    }
    const values = new Set<string>();
    for (;;) {
      const item = this.consume(true);
      if (item.tok === Tok.Identifier) {
        values.add(item.lit);
        const next = this.lookahead(true);
        if (next.tok === Tok.ClosedPar) break;
        if (next.tok !== Tok.Comma) throw new Error(`unable to parse requirement: found '${next.lit}', expected: ',' or ')'`);
      } else if (item.tok === Tok.Comma) {
        // "(,a", "a,,b" and "a,)" all contribute the empty value.
        if (values.size === 0) values.add("");
        const next = this.lookahead(true).tok;
        if (next === Tok.ClosedPar) {
          values.add("");
          break;
        }
        if (next === Tok.Comma) values.add("");
      } else {
        throw new Error(`unable to parse requirement: found '${item.lit}', expected: ',', or identifier`);
      }
    }
    this.consume(true); // the ')' seen by lookahead
    return [...values];
  }

  private parseExactValue(): string[] {
    const next = this.lookahead(true).tok;
    if (next === Tok.End || next === Tok.Comma) return [""];
    const item = this.consume(true);
    if (item.tok !== Tok.Identifier) throw new Error(`unable to parse requirement: found '${item.lit}', expected: identifier`);
    return [item.lit];
  }
}

/**
 * Parses a Hubble label selector (`k8s:app=web,!reserved:world`) into requirements whose keys
 * carry their source as a dot prefix (`k8s.app`, `any.tier`). An empty string selects everything.
 * @throws Error with the k8s parser's explanation.
 */
export function parseLabelSelector(selector: string): SelectorRequirement[] {
  return new SelectorParser(translateSelector(selector)).parse();
}
