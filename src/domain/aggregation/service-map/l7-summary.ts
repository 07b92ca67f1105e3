// L7 and policy details of an edge: the keys one flow adds to the edge's keyed counters, and the
// lines the model shows (`GET /get 200×12 403×3`, `DNS example.com ×4 NXDOMAIN×1`,
// `shop/allow-dns (CiliumNetworkPolicy)`). Every string here comes from a flow: control
// characters are replaced and lengths capped, and the view draws them as canvas text only.
import { type Flow, L7FlowType, type Policy } from "../../../gen/flow/flow_pb.ts";
import { requestUriPath } from "../../filters/request-uri.ts";
import { OVERFLOW_KEY } from "./keyed-counters.ts";

const SEP = "\t";
const MAX_PART = 80;

/** Printable and short: control characters (our key separator among them) become "?". */
export function cleanText(text: string, max = MAX_PART): string {
  // oxlint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const DNS_RCODES: readonly string[] = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

/** The L7 counter keys a flow adds: one per record, or none. */
export function l7Keys(flow: Flow, reply: boolean): string[] {
  const record = flow.l7?.record;
  const response = flow.l7?.type === L7FlowType.RESPONSE || reply;
  switch (record?.case) {
    case "http": {
      const method = cleanText(record.value.method || "?", 16);
      const path = cleanText(requestUriPath(record.value.url) ?? record.value.url);
      const line = `H${SEP}${method} ${path}`;
      return response ? [`${line}${SEP}${record.value.code}`] : [line];
    }
    case "dns": {
      const query = cleanText(record.value.query.replace(/\.$/, ""), 120);
      if (!response) return [`Q${SEP}${query}`];
      const rcode = record.value.rcode;
      return [`A${SEP}${query}${SEP}${rcode === 0 ? "" : (DNS_RCODES[rcode] ?? `RCODE${rcode}`)}`];
    }
    case "kafka":
      // A Kafka response repeats its request's key and topic.
      if (response) return [];
      return [`K${SEP}${cleanText(record.value.apiKey || "?", 32)} ${cleanText(record.value.topic)}`];
    default:
      return [];
  }
}

interface Line {
  total: number;
  requests: number;
  /** Response counts by status (HTTP code, DNS rcode name). */
  outcomes: Map<string, number>;
  dns: boolean;
}

/**
 * Summary lines from L7 key counts, busiest first, at most `limit` plus a "+N more" line.
 * Requests give the line its count; responses give the status mix (`200×12`). A DNS line shows
 * only failing rcodes.
 */
export function summarizeL7(counts: ReadonlyMap<string, number>, limit = 6): string[] {
  const lines = new Map<string, Line>();
  let overflow = 0;
  for (const [key, count] of counts) {
    if (key === OVERFLOW_KEY) {
      overflow += count;
      continue;
    }
    const [kind, text, outcome] = key.split(SEP) as [string, string, string | undefined];
    const dns = kind === "Q" || kind === "A";
    const title = dns ? `DNS ${text}` : kind === "K" ? `Kafka ${text}` : text;
    let line = lines.get(title);
    if (line === undefined) {
      line = { total: 0, requests: 0, outcomes: new Map(), dns };
      lines.set(title, line);
    }
    line.total += count;
    if (outcome === undefined) line.requests += count;
    else if (outcome !== "") line.outcomes.set(outcome, (line.outcomes.get(outcome) ?? 0) + count);
  }
  const sorted = [...lines].toSorted((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  const out = sorted.slice(0, limit).map(([title, line]) => {
    const outcomes = [...line.outcomes].toSorted((a, b) => (a[0] < b[0] ? -1 : 1)).map(([o, n]) => `${o}×${n}`);
    // HTTP lines are their status mix when responses were seen; otherwise the request count.
    if (!line.dns && outcomes.length > 0) return `${title} ${outcomes.join(" ")}`;
    const count = line.requests > 0 ? line.requests : line.total;
    return [`${title} ×${count}`, ...outcomes].join(" ");
  });
  const hidden = sorted.length - out.length;
  if (hidden > 0) out.push(`+${hidden} more`);
  if (overflow > 0) out.push(`+${overflow} more records`);
  return out;
}

/** `ns/name (Kind)` or `name (Kind)` for cluster-wide policies. */
export function policyName(policy: Policy): string {
  const name = policy.namespace === "" ? policy.name : `${policy.namespace}/${policy.name}`;
  return cleanText(policy.kind === "" ? name : `${name} (${policy.kind})`, 160);
}

/** Policy counter keys: `A<tab>name` for allowed-by, `D<tab>name` for denied-by. */
export function policyKeys(flow: Flow): string[] {
  const keys: string[] = [];
  for (const p of flow.egressAllowedBy) keys.push(`A${SEP}${policyName(p)}`);
  for (const p of flow.ingressAllowedBy) keys.push(`A${SEP}${policyName(p)}`);
  for (const p of flow.egressDeniedBy) keys.push(`D${SEP}${policyName(p)}`);
  for (const p of flow.ingressDeniedBy) keys.push(`D${SEP}${policyName(p)}`);
  return keys;
}

/** Allowed-by and denied-by names, most frequent first. */
export function summarizePolicies(counts: ReadonlyMap<string, number>): { allowedBy: string[]; deniedBy: string[] } {
  const sorted = [...counts].filter(([k]) => k !== OVERFLOW_KEY).toSorted((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const pick = (kind: string) => sorted.filter(([k]) => k.startsWith(`${kind}${SEP}`)).map(([k]) => k.slice(2));
  return { allowedBy: pick("A"), deniedBy: pick("D") };
}
