// The inverse of parse-observe-flags.ts: FlowFilters back to `hubble observe` flags, for filter
// chips and "copy as command". A list is rendered with flags only when re-parsing those flags
// gives back exactly the same filters; anything else (three filters, non-mirrored pairs,
// values no flag can express) is rendered as --allowlist / --denylist JSON, which hubble accepts.
import { clone, create, equals, toJson } from "@bufbuild/protobuf";
import {
  DropReasonSchema,
  type EventTypeFilter,
  type FlowFilter,
  FlowFilterSchema,
  IPVersion,
  TrafficDirection,
  VerdictSchema,
  type Workload,
} from "../../gen/flow/flow_pb.ts";
import { AGENT_EVENT_SUBTYPES, MESSAGE_TYPE_NAMES, RESERVED_IDENTITIES, TRACE_OBSERVATION_POINTS } from "./observe-filter-flags.ts";
import { parseObserveFlags } from "./parse-observe-flags.ts";
import { quoteShellWord } from "./shell-words.ts";

/** One flag of a filter bar: `--from-pod default/web`, negated for the blacklist (`--not`). */
export interface ObserveFlagChip {
  /** Long flag name without dashes (`from-pod`, `type`, `allowlist`). */
  flag: string;
  /** Omitted for flags that take none (`--ipv4`, `--encrypted`). */
  value?: string;
  negated: boolean;
}

// Flags whose value must be attached with `=` because a bare flag already means something.
const ATTACHED_VALUE = new Set(["reply"]);

/** argv words of one chip: `["--not", "--to-port", "80"]`. */
export function chipArgs(chip: ObserveFlagChip): string[] {
  const words = chip.negated ? ["--not"] : [];
  if (chip.value === undefined) words.push(`--${chip.flag}`);
  else if (ATTACHED_VALUE.has(chip.flag)) words.push(`--${chip.flag}=${chip.value}`);
  else words.push(`--${chip.flag}`, chip.value);
  return words;
}

/** Shell-quoted command-line text for chips: `--pod x --not --http-method PUT`. */
export function formatObserveCommandLine(chips: readonly ObserveFlagChip[]): string {
  return chips.flatMap(chipArgs).map(quoteShellWord).join(" ");
}

const TYPE_NAMES = new Map(Object.entries(MESSAGE_TYPE_NAMES).map(([name, type]) => [type, name]));
const AGENT_NAMES = new Map(Object.entries(AGENT_EVENT_SUBTYPES).map(([name, st]) => [st, name]));
const IDENTITY_NAMES = new Map(Object.entries(RESERVED_IDENTITIES).map(([name, id]) => [id, name]));

function eventTypeText(e: EventTypeFilter): string {
  const name = TYPE_NAMES.get(e.type);
  const type = name ?? String(e.type);
  if (!e.matchSubType) return type;
  const sub =
    (name === "trace" ? TRACE_OBSERVATION_POINTS[e.subType] : undefined) ??
    (name === "agent" ? AGENT_NAMES.get(e.subType) : undefined) ??
    String(e.subType);
  return `${type}:${sub}`;
}

function workloadText(w: Workload): string {
  return w.kind === "" ? w.name : `${w.kind}/${w.name}`;
}

function enumName(schema: typeof VerdictSchema | typeof DropReasonSchema, value: number): string {
  return schema.values.find((v) => v.number === value)?.name ?? String(value);
}

type Emit = (flag: string, value?: string) => void;

/** Namespace-only pod entries (`ns/`) are shown as --namespace flags when nothing else is there. */
function namespacesOnly(pods: readonly string[], services: readonly string[]): string[] | undefined {
  if (pods.length === 0 || services.length > 0) return undefined;
  const namespaces = pods.map((p) => /^([^/]+)\/$/.exec(p)?.[1]);
  return namespaces.every((ns) => ns !== undefined) ? (namespaces as string[]) : undefined;
}

/** Flags for the fields of one filter, directional (from-/to-) forms. */
function singleFilterFlags(f: FlowFilter, emit: Emit, sugar: boolean): void {
  const each = (flag: string, values: readonly string[]) => values.forEach((v) => emit(flag, v));
  each("uuid", f.uuid);
  f.eventType.forEach((e) => emit("type", eventTypeText(e)));
  f.verdict.forEach((v) => emit("verdict", enumName(VerdictSchema, v)));
  f.dropReasonDesc.forEach((r) => emit("drop-reason-desc", enumName(DropReasonSchema, r)));
  f.reply.forEach((r) => emit("reply", String(r)));
  f.encrypted.forEach((e) => emit(e ? "encrypted" : "unencrypted"));
  f.sourceIdentity.forEach((id) => emit("from-identity", IDENTITY_NAMES.get(id) ?? String(id)));
  f.destinationIdentity.forEach((id) => emit("to-identity", IDENTITY_NAMES.get(id) ?? String(id)));
  each("protocol", f.protocol);
  each("from-ip", f.sourceIp);
  each("to-ip", f.destinationIp);
  each("snat-ip", f.sourceIpXlated);
  const fromNs = sugar ? namespacesOnly(f.sourcePod, f.sourceService) : undefined;
  if (fromNs) each("from-namespace", fromNs);
  else each("from-pod", f.sourcePod);
  const toNs = sugar ? namespacesOnly(f.destinationPod, f.destinationService) : undefined;
  if (toNs) each("to-namespace", toNs);
  else each("to-pod", f.destinationPod);
  f.sourceWorkload.forEach((w) => emit("from-workload", workloadText(w)));
  f.destinationWorkload.forEach((w) => emit("to-workload", workloadText(w)));
  each("from-service", f.sourceService);
  each("to-service", f.destinationService);
  each("from-fqdn", f.sourceFqdn);
  each("to-fqdn", f.destinationFqdn);
  each("from-label", f.sourceLabel);
  each("to-label", f.destinationLabel);
  each("node-label", f.nodeLabels);
  each("from-port", f.sourcePort);
  each("to-port", f.destinationPort);
  each("dns-query", f.dnsQuery);
  each("http-status", f.httpStatusCode);
  each("http-method", f.httpMethod);
  each("http-path", f.httpPath);
  each("http-url", f.httpUrl);
  f.httpHeader.forEach((h) => emit("http-header", `${h.key}:${h.value}`));
  f.tcpFlags.forEach((flags) => {
    const names = (["SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"] as const).filter((n) => flags[n]);
    emit("tcp-flags", names.join(","));
  });
  each("node-name", f.nodeName);
  each("from-cluster", f.sourceClusterName);
  each("to-cluster", f.destinationClusterName);
  f.ipVersion.forEach((v) => (v === IPVersion.IPv4 ? emit("ipv4") : v === IPVersion.IPv6 ? emit("ipv6") : emit("ip-version", "none")));
  each("trace-id", f.traceId);
  f.trafficDirection.forEach((d) =>
    emit("traffic-direction", d === TrafficDirection.INGRESS ? "ingress" : d === TrafficDirection.EGRESS ? "egress" : String(d)),
  );
  each("cel-expression", f.experimental?.celExpression ?? []);
  // --interface only takes a name; an index makes the list fall back to raw JSON.
  f.interface.forEach((i) => emit("interface", i.name));
  f.ipTraceId.forEach((id) => emit("ip-trace-id", String(id)));
}

type PairKey = readonly [keyof FlowFilter & string, keyof FlowFilter & string, string];
// Symmetric flags: the CLI puts the source form in the first filter, the destination form in the second.
const PAIRS: readonly PairKey[] = [
  ["sourceFqdn", "destinationFqdn", "fqdn"],
  ["sourcePod", "destinationPod", "pod"],
  ["sourceIp", "destinationIp", "ip"],
  ["sourceLabel", "destinationLabel", "label"],
  ["sourceService", "destinationService", "service"],
  ["sourcePort", "destinationPort", "port"],
  ["sourceWorkload", "destinationWorkload", "workload"],
  ["sourceIdentity", "destinationIdentity", "identity"],
  ["sourceClusterName", "destinationClusterName", "cluster"],
];

/** Flags for a CLI-style mirrored pair (left: source forms, right: destination forms), if it is one. */
function pairFlags(left: FlowFilter, right: FlowFilter, emit: Emit, sugar: boolean): boolean {
  const l = clone(FlowFilterSchema, left);
  const r = clone(FlowFilterSchema, right);
  const lr = l as unknown as Record<string, unknown[]>;
  const rr = r as unknown as Record<string, unknown[]>;
  for (const [src, dst, flag] of PAIRS) {
    const values = lr[src]!;
    if (values.length === 0 || rr[src]!.length > 0 || lr[dst]!.length > 0) continue;
    const probeL = create(FlowFilterSchema, { [src]: values });
    const probeR = create(FlowFilterSchema, { [src]: rr[dst] });
    if (!equals(FlowFilterSchema, probeL, probeR)) continue;
    const namespaces = flag === "pod" && sugar && left.sourceService.length === 0 ? namespacesOnly(left.sourcePod, []) : undefined;
    if (namespaces) namespaces.forEach((ns) => emit("namespace", ns));
    else
      for (const v of values) {
        if (flag === "workload") emit(flag, workloadText(v as Workload));
        else if (flag === "identity") emit(flag, IDENTITY_NAMES.get(v as number) ?? String(v));
        else emit(flag, String(v));
      }
    lr[src] = [];
    rr[dst] = [];
  }
  if (!equals(FlowFilterSchema, l, r)) return false;
  singleFilterFlags(l, emit, sugar);
  return true;
}

function candidateChips(filters: readonly FlowFilter[], negated: boolean, sugar: boolean): ObserveFlagChip[] | undefined {
  const chips: ObserveFlagChip[] = [];
  const emit: Emit = (flag, value) => chips.push(value === undefined ? { flag, negated } : { flag, value, negated });
  if (filters.length === 1) singleFilterFlags(filters[0]!, emit, sugar);
  else if (filters.length !== 2 || !pairFlags(filters[0]!, filters[1]!, emit, sugar)) return undefined;
  return chips;
}

function reproduces(chips: readonly ObserveFlagChip[], negated: boolean, expected: readonly FlowFilter[]): boolean {
  const parsed = parseObserveFlags(chips.flatMap(chipArgs), { validate: false, defaultLast: 0n });
  if (!parsed.ok) return false;
  const got = negated ? parsed.request.blacklist : parsed.request.whitelist;
  return got.length === expected.length && got.every((f, i) => equals(FlowFilterSchema, f, expected[i]!));
}

function listChips(filters: readonly FlowFilter[], negated: boolean): ObserveFlagChip[] {
  if (filters.length === 0) return [];
  for (const sugar of [true, false]) {
    const chips = candidateChips(filters, negated, sugar);
    if (chips !== undefined && reproduces(chips, negated, filters)) return chips;
  }
  const flag = negated ? "denylist" : "allowlist";
  // Raw filters go to their own list directly; no --not needed.
  return filters.map((f) => ({ flag, value: JSON.stringify(toJson(FlowFilterSchema, f, { useProtoFieldName: true })), negated: false }));
}

/**
 * Renders whitelist/blacklist FlowFilters as `hubble observe` flags (blacklist flags negated with
 * --not), choosing the CLI's symmetric forms (--pod, --namespace, --ip …) when the filters are a
 * mirrored pair. Parsing the chips' arguments with {@link parseObserveFlags} gives back the same
 * filters; where no flags can do that, the list is rendered as --allowlist / --denylist JSON.
 */
export function formatObserveFlags(lists: { whitelist: readonly FlowFilter[]; blacklist: readonly FlowFilter[] }): ObserveFlagChip[] {
  return [...listChips(lists.whitelist, false), ...listChips(lists.blacklist, true)];
}
