// Matching label selectors against a flow's label strings (endpoint labels `k8s:app=web`,
// `reserved:world`; node labels `kubernetes.io/hostname=n1`, which have no source). Cilium looks a
// key up as the first label with that key (source must be equal unless the selector's source is
// `any`; `cidr:` keys match by prefix containment) and tests that label's value. Label strings are
// scanned in place so matching allocates nothing.
import { InvalidFilterError, entryField } from "./invalid-filter-error.ts";
import { type IpPrefix, parseIpPrefix, prefixContains } from "./ip-address.ts";
import { type SelectorOperator, parseLabelSelector } from "./label-selector-parser.ts";

/** Tests a flow's label strings. */
export type LabelsPredicate = (labels: readonly string[]) => boolean;

interface CompiledRequirement {
  readonly source: string;
  readonly key: string;
  /** Set for `cidr` keys that parse as a prefix (Cilium writes IPv6 with `-` for `:`). */
  readonly cidr: IpPrefix | undefined;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
  readonly bound: bigint;
}

const SOURCE_EXPLICIT = 0;
const SOURCE_RESERVED = 1;
const SOURCE_UNSPEC = 2;

// Offsets of the label parsed last; reused so the scan allocates nothing.
const parsed = { kind: SOURCE_UNSPEC, sourceEnd: 0, keyStart: 0, keyEnd: 0, valueStart: 0 };

/** Cilium's ParseLabel: `source:key=value`, `$key` (reserved), `reserved.key`, or bare `key=value`. */
function parseLabelOffsets(s: string): void {
  let keyStart = 0;
  if (s.charCodeAt(0) === 36 /* $ */) {
    parsed.kind = SOURCE_RESERVED;
    keyStart = 1;
  } else {
    const colon = s.indexOf(":");
    if (colon > 0) {
      parsed.kind = SOURCE_EXPLICIT;
      parsed.sourceEnd = colon;
      keyStart = colon + 1;
    } else if (colon === 0) {
      parsed.kind = SOURCE_UNSPEC; // an empty source counts as unspecified
      keyStart = 1;
    } else if (s.startsWith("reserved.")) {
      parsed.kind = SOURCE_RESERVED;
      keyStart = 9;
    } else {
      parsed.kind = SOURCE_UNSPEC;
    }
  }
  const eq = s.indexOf("=", keyStart);
  const reserved = parsed.kind === SOURCE_RESERVED || (parsed.kind === SOURCE_EXPLICIT && s.startsWith("reserved:"));
  if (eq < 0 || (eq === keyStart && reserved)) {
    // No value; "reserved:=x" is key "x" (Cilium's special case).
    parsed.keyStart = eq < 0 ? keyStart : eq + 1;
    parsed.keyEnd = s.length;
    parsed.valueStart = s.length;
  } else {
    parsed.keyStart = keyStart;
    parsed.keyEnd = eq;
    parsed.valueStart = eq + 1;
  }
}

function sourceMatches(s: string, source: string): boolean {
  if (source === "any") return true;
  switch (parsed.kind) {
    case SOURCE_EXPLICIT:
      return parsed.sourceEnd === source.length && s.startsWith(source);
    case SOURCE_RESERVED:
      return source === "reserved";
    default:
      return source === "unspec";
  }
}

function cidrKeyMatches(s: string, target: IpPrefix): boolean {
  if (!(parsed.kind === SOURCE_EXPLICIT && parsed.sourceEnd === 4 && s.startsWith("cidr"))) return false;
  const label = parseIpPrefix(s.slice(parsed.keyStart, parsed.keyEnd).replaceAll("-", ":"));
  if (typeof label === "string") return false;
  // The selector prefix must be at least as broad as the label's and contain its address.
  return target.bits <= label.bits && prefixContains(target, label.kind, label.network);
}

/** Index of the first label with the requirement's key (leaves its offsets in `parsed`), or -1. */
function lookup(labels: readonly string[], req: CompiledRequirement): number {
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i]!;
    parseLabelOffsets(s);
    if (!sourceMatches(s, req.source)) continue;
    if (req.cidr !== undefined) {
      if (cidrKeyMatches(s, req.cidr)) return i;
      continue;
    }
    if (parsed.keyEnd - parsed.keyStart === req.key.length && s.startsWith(req.key, parsed.keyStart)) return i;
  }
  return -1;
}

function valueIn(s: string, values: readonly string[]): boolean {
  const length = s.length - parsed.valueStart;
  for (const v of values) if (v.length === length && s.startsWith(v, parsed.valueStart)) return true;
  return false;
}

function matchesRequirement(labels: readonly string[], req: CompiledRequirement): boolean {
  const index = lookup(labels, req);
  const found = index >= 0;
  switch (req.operator) {
    case "in":
    case "=":
    case "==":
      return found && valueIn(labels[index]!, req.values);
    case "notin":
    case "!=":
      return !found || !valueIn(labels[index]!, req.values);
    case "exists":
      return found;
    case "!":
      return !found;
    case "gt":
    case "lt": {
      if (!found) return false;
      const text = labels[index]!.slice(parsed.valueStart);
      if (!/^[+-]?[0-9]+$/.test(text)) return false;
      const value = BigInt(text);
      if (value < -(2n ** 63n) || value >= 2n ** 63n) return false;
      return req.operator === "gt" ? value > req.bound : value < req.bound;
    }
  }
}

function compileRequirement(key: string, operator: SelectorOperator, values: readonly string[]): CompiledRequirement {
  // Cilium's ParseSelectDotLabel: the source is what precedes the first dot.
  const dot = key.indexOf(".");
  const source = key.startsWith("$") ? "reserved" : dot < 0 ? "any" : key.slice(0, dot);
  const name = key.startsWith("$") ? key.slice(1) : dot < 0 ? key : key.slice(dot + 1);
  let cidr: IpPrefix | undefined;
  if (source === "cidr") {
    const prefix = parseIpPrefix(name.replaceAll("-", ":"));
    if (typeof prefix !== "string") cidr = prefix;
  }
  const bound = operator === "gt" || operator === "lt" ? BigInt(values[0]!) : 0n;
  return { source: source === "" ? "any" : source, key: name, cidr, operator, values, bound };
}

/**
 * Compiles label selectors (alternatives, OR) into one predicate over label strings.
 * Each selector is a comma-separated AND of requirements; `""` selects everything.
 * @throws InvalidFilterError naming `field[i]` for a selector Hubble would reject.
 */
export function compileLabelSelectors(selectors: readonly string[], field: string): LabelsPredicate {
  const compiled = selectors.map((selector, i) => {
    try {
      return parseLabelSelector(selector).map((r) => compileRequirement(r.key, r.operator, r.values));
    } catch (e) {
      throw new InvalidFilterError(entryField(field, i), `invalid label selector ${JSON.stringify(selector)}: ${(e as Error).message}`);
    }
  });
  return (labels) => {
    outer: for (const requirements of compiled) {
      for (const req of requirements) if (!matchesRequirement(labels, req)) continue outer;
      return true;
    }
    return false;
  };
}
