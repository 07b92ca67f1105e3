// Matchers for the L7 FlowFilter fields: http_status_code, http_method, http_path, http_url,
// http_header and dns_query. Regular expressions use RE2 syntax (see re2-regex.ts) and match
// unanchored, like Go's MatchString.
import { type EventTypeFilter, type Flow, type HTTP, type HTTPHeader } from "../../gen/flow/flow_pb.ts";
import { type FlowPredicate, InvalidFilterError, entryField } from "./invalid-filter-error.ts";
import { compileRe2 } from "./re2-regex.ts";
import { requestUriPath } from "./request-uri.ts";

/** Monitor message type of L7 (access log) events. */
export const MESSAGE_TYPE_ACCESS_LOG = 129;

function httpOf(flow: Flow): HTTP | undefined {
  const record = flow.l7?.record;
  return record?.case === "http" ? record.value : undefined;
}

function compileRegexps(values: readonly string[], field: string): RegExp[] {
  return values.map((value, i) => {
    try {
      return compileRe2(value);
    } catch (e) {
      throw new InvalidFilterError(entryField(field, i), `invalid regular expression ${JSON.stringify(value)}: ${(e as Error).message}`);
    }
  });
}

function anyTest(regexps: readonly RegExp[], text: string): boolean {
  for (const re of regexps) if (re.test(text)) return true;
  return false;
}

/**
 * Hubble rejects http_* fields unless the same filter's event_type is empty or includes type 129,
 * since no other event carries an HTTP record.
 * @throws InvalidFilterError naming `field`.
 */
export function requireHttpCompatibleEventTypes(eventTypes: readonly EventTypeFilter[], field: string, what: string): void {
  if (eventTypes.length === 0 || eventTypes.some((t) => t.type === MESSAGE_TYPE_ACCESS_LOG)) return;
  throw new InvalidFilterError(field, `filtering by ${what} requires the event type filter to only match 'l7' events (type ${MESSAGE_TYPE_ACCESS_LOG})`);
}

const FULL_STATUS = /^[1-5][0-9]{2}$/;
const PREFIX_STATUS = /^[1-5][0-9]?\+$/;

function decimalDigits(n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/**
 * http_status_code: `"404"` exact, `"4+"` / `"40+"` prefix of the zero-padded code. Requests
 * (code 0) never match.
 */
export function httpStatusCodePredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const full = new Set<number>();
  const prefixes: { value: number; digits: number }[] = [];
  values.forEach((value, i) => {
    if (FULL_STATUS.test(value)) full.add(Number(value));
    else if (PREFIX_STATUS.test(value)) prefixes.push({ value: Number(value.slice(0, -1)), digits: value.length - 1 });
    else throw new InvalidFilterError(entryField("http_status_code", i), `invalid status code prefix: ${JSON.stringify(value)}`);
  });
  return (flow) => {
    const code = httpOf(flow)?.code ?? 0;
    if (code === 0) return false;
    if (full.has(code)) return true;
    // Prefix of the "%03d" text: codes below 100 start with '0', which no prefix does.
    if (code < 100) return false;
    const digits = decimalDigits(code);
    for (const p of prefixes) if (Math.floor(code / 10 ** (digits - p.digits)) === p.value) return true;
    return false;
  };
}

/** http_method: case-insensitive equality; records without a method never match. */
export function httpMethodPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const methods = new Set(values.map((m) => m.toLowerCase()));
  return (flow) => {
    const method = httpOf(flow)?.method ?? "";
    return method !== "" && methods.has(method.toLowerCase());
  };
}

/** http_path: RE2 regexps against the decoded path of the URL; unparsable URLs never match. */
export function httpPathPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const regexps = compileRegexps(values, "http_path");
  return (flow) => {
    const url = httpOf(flow)?.url ?? "";
    if (url === "") return false;
    const path = requestUriPath(url);
    return path !== undefined && anyTest(regexps, path);
  };
}

/** http_url: RE2 regexps against the full URL string. */
export function httpUrlPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const regexps = compileRegexps(values, "http_url");
  return (flow) => {
    const url = httpOf(flow)?.url ?? "";
    return url !== "" && anyTest(regexps, url);
  };
}

/** http_header: some header of the record has exactly the key and value of some entry. */
export function httpHeaderPredicate(values: readonly HTTPHeader[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const wanted = values.map((h) => ({ key: h.key, value: h.value }));
  return (flow) => {
    const headers = httpOf(flow)?.headers;
    if (headers === undefined) return false;
    for (const h of headers) for (const w of wanted) if (h.key === w.key && h.value === w.value) return true;
    return false;
  };
}

/** dns_query: RE2 regexps against `l7.dns.query` (which ends with a dot); non-DNS flows never match. */
export function dnsQueryPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const regexps = compileRegexps(values, "dns_query");
  return (flow) => {
    const record = flow.l7?.record;
    return record?.case === "dns" && anyTest(regexps, record.value.query);
  };
}
