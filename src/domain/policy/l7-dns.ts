// DNS names for `rules.dns` (what the DNS proxy lets through) and `toFQDNs` (which looked-up IPs
// egress may reach). Semantics of Cilium's `pkg/fqdn/matchpattern`: names compare
// case-insensitively as FQDNs (trailing dot optional); in matchPattern `*` matches any run of DNS
// characters within one label, a pattern of only `*` matches every name, and a leading `**.`
// matches one or more whole labels.

/** A compiled matchName or matchPattern. */
export interface NameMatcher {
  readonly kind: "matchName" | "matchPattern";
  /** As written in the policy. */
  readonly text: string;
  readonly regex: RegExp;
}

const DNS_CHARS = "[-a-z0-9_]";

/** Lowercases and adds the trailing dot, the form the DNS proxy compares. */
export function toFqdn(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

function escapeLabelText(text: string): string {
  return text.replaceAll(".", "[.]");
}

/** Compiles a matchName; returns a problem string when the name has characters DNS names cannot. */
export function compileMatchName(text: string): NameMatcher | string {
  const name = toFqdn(text);
  if (name.length > 255) return "a DNS name is at most 255 characters";
  if (!/^([-a-z0-9_]+\.)+$/.test(name)) {
    return `${JSON.stringify(text)} is not a DNS name (letters, digits, '-', '_' and '.' only; use matchPattern for wildcards)`;
  }
  return { kind: "matchName", text, regex: new RegExp(`^${escapeLabelText(name)}$`) };
}

/** Compiles a matchPattern; returns a problem string for characters Cilium rejects. */
export function compileMatchPattern(text: string): NameMatcher | string {
  const pattern = toFqdn(text);
  if (pattern.length > 255) return "a DNS pattern is at most 255 characters";
  if (!/^[-a-z0-9_.*]+$/.test(pattern)) {
    return `${JSON.stringify(text)} has characters a matchPattern cannot (letters, digits, '-', '_', '.' and '*' only)`;
  }
  if (/^\*+\.$/.test(pattern)) return { kind: "matchPattern", text, regex: /^([-a-z0-9_]+\.)+$|^\.$/ };
  let prefix = "";
  let rest = pattern;
  const multi = /^\*\*+\./.exec(pattern);
  if (multi !== null) {
    prefix = `${DNS_CHARS}+([.]${DNS_CHARS}+)*[.]`;
    rest = pattern.slice(multi[0].length);
  }
  const body = escapeLabelText(rest).replaceAll("*", `${DNS_CHARS}*`);
  return { kind: "matchPattern", text, regex: new RegExp(`^${prefix}${body}$`) };
}

/** True when the name (any case, with or without trailing dot) matches. */
export function nameMatches(matcher: NameMatcher, name: string): boolean {
  return matcher.regex.test(toFqdn(name));
}
