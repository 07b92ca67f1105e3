// FQDN and node-name patterns (Hubble's filters/patterns.go): a pattern is lower-cased, trimmed,
// loses one trailing dot, may only use a-z 0-9 - _ . and `*`, and `*` becomes `[-.0-9a-z]*`
// (so it may span dots). All patterns of a field compile into one anchored alternation.
import { InvalidFilterError, entryField } from "./invalid-filter-error.ts";

// Matches one FQDN; an empty cluster or node part of a node-name pattern stands for this.
const FQDN_REGEXP = "(?:[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*)";

function canonicalize(pattern: string): string {
  let p = pattern.trim();
  if (p.endsWith(".")) p = p.slice(0, -1);
  return p.toLowerCase();
}

/** Regexp source for one FQDN pattern, or an error text (Go's wording). */
function fqdnPatternSource(pattern: string): { source: string } | { error: string } {
  const p = canonicalize(pattern);
  if (p === "") return { error: "empty pattern" };
  if (p.endsWith(".")) return { error: "multiple trailing dots in pattern" };
  let source = "";
  for (const ch of p) {
    if (ch === ".") source += "\\.";
    else if (ch === "*") source += "[-.0-9a-z]*";
    else if (ch === "-" || ch === "_" || (ch >= "0" && ch <= "9") || (ch >= "a" && ch <= "z")) source += ch;
    else return { error: `${JSON.stringify(ch)}: invalid rune in pattern` };
  }
  return { source };
}

function nodeNamePatternSource(pattern: string): { source: string } | { error: string } {
  if (pattern === "") return { error: "empty pattern" };
  const parts = pattern.split("/");
  if (parts.length > 2) return { error: "too many slashes in pattern" };
  const [clusterPattern, nodePattern] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["", parts[0]!];
  let source = "";
  for (const [i, part] of [clusterPattern, nodePattern].entries()) {
    if (i === 1) source += "/";
    if (part === "") {
      source += FQDN_REGEXP;
      continue;
    }
    const compiled = fqdnPatternSource(part);
    if ("error" in compiled) return compiled;
    source += compiled.source;
  }
  return { source };
}

function compileAlternation(
  patterns: readonly string[],
  field: string,
  toSource: (pattern: string) => { source: string } | { error: string },
): RegExp {
  const sources = patterns.map((pattern, i) => {
    const compiled = toSource(pattern);
    if ("error" in compiled) throw new InvalidFilterError(entryField(field, i), compiled.error);
    return compiled.source;
  });
  return new RegExp(`^(?:${sources.join("|")})$`);
}

/**
 * One anchored RegExp matching any of the FQDN patterns (`*.cilium.io`, `api.example.com.`).
 * @throws InvalidFilterError naming `field[i]` for an empty pattern or a forbidden character.
 */
export function compileFqdnPatterns(patterns: readonly string[], field: string): RegExp {
  return compileAlternation(patterns, field, fqdnPatternSource);
}

/**
 * One anchored RegExp for node-name patterns: `cluster/node`, `node` (any cluster) or `cluster/`
 * (any node), each side an FQDN pattern. Match it against `cluster/node`; see {@link qualifiedNodeName}.
 * @throws InvalidFilterError naming `field[i]`.
 */
export function compileNodeNamePatterns(patterns: readonly string[], field: string): RegExp {
  return compileAlternation(patterns, field, nodeNamePatternSource);
}

/** Node names without a cluster part belong to Cilium's default cluster, named "default". */
export function qualifiedNodeName(nodeName: string): string {
  return nodeName.includes("/") ? nodeName : `default/${nodeName}`;
}
