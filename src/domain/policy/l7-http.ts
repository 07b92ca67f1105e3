// rules.http: what the Envoy HTTP proxy allows. Cilium turns each rule into Envoy header matchers
// (pkg/envoy): `path` on `:path`, `method` on `:method`, `host` on `:authority`, all as RE2
// `safe_regex`, which must match the whole value; `headers` entries are `Name` (present) or
// `Name: value` (literal value). A request is allowed when any rule matches all its fields.
// `:path` includes the query string, so `^/status/200$` does not match `/status/200?x=1`.

/** A header constraint from `headers` or `headerMatches`. */
export interface HeaderRule {
  readonly name: string;
  /** Required literal value; undefined means the header only has to be present. */
  readonly value?: string;
}

/** A compiled PortRuleHTTP. Empty fields match anything. */
export interface HttpRule {
  readonly method?: RegExp;
  readonly path?: RegExp;
  readonly host?: RegExp;
  readonly headers: readonly HeaderRule[];
  /** The rule as written, for explanations. */
  readonly text: string;
}

/** An HTTP request seen by the proxy. */
export interface HttpRequest {
  readonly method: string;
  /** Path including any query string, as in `:path`. */
  readonly path: string;
  /** The Host / :authority header. */
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Constructs RE2 does not have (Envoy rejects the policy) and that JavaScript would happily
 * accept: lookaround, backreferences, possessive/atomic groups.
 */
const NOT_RE2: readonly [RegExp, string][] = [
  [/\(\?<?[=!]/, "lookahead/lookbehind"],
  [/\\[1-9]/, "backreferences"],
  [/\\k</, "named backreferences"],
  [/\(\?>/, "atomic groups"],
  [/[*+?}]\+/, "possessive quantifiers"],
];

/**
 * Compiles an RE2 regex for full-string matching; returns a problem string when it is not valid
 * RE2 (as far as the JavaScript engine and a check for RE2-only restrictions can tell).
 */
export function compileFullMatch(source: string): RegExp | string {
  for (const [pattern, what] of NOT_RE2) {
    if (pattern.test(source)) return `RE2 (Envoy's regex engine) does not support ${what}`;
  }
  // RE2 spells named groups (?P<name>…) and sets flags with a leading (?i); JavaScript does neither.
  let body = source.replaceAll("(?P<", "(?<");
  let flags = "";
  const leadingFlags = /^\(\?([ims]+)\)/.exec(body);
  if (leadingFlags !== null) {
    flags = [...new Set(leadingFlags[1])].join("");
    body = body.slice(leadingFlags[0].length);
  }
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (error) {
    return `invalid regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error)}`;
  }
}

/** Parses a `headers` entry the way Cilium does: split at the first space, drop the colon. */
export function parseHeaderEntry(entry: string): HeaderRule {
  const space = entry.indexOf(" ");
  if (space < 0) return { name: entry };
  return { name: entry.slice(0, space).replace(/:+$/, ""), value: entry.slice(space + 1) };
}

function headerValue(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === "host" || wanted === ":authority") return request.host;
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** True when the request satisfies every field of the rule. */
export function httpRuleMatches(rule: HttpRule, request: HttpRequest): boolean {
  if (rule.method !== undefined && !rule.method.test(request.method)) return false;
  if (rule.path !== undefined && !rule.path.test(request.path)) return false;
  if (rule.host !== undefined && !rule.host.test(request.host ?? "")) return false;
  return rule.headers.every((header) => {
    const value = headerValue(request, header.name);
    return value !== undefined && (header.value === undefined || header.value === value);
  });
}
