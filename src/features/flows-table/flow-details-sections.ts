// Details drawer sections for L7 records, policy attribution and the datapath
// trace (see flow-details-model.ts for the rest).
import {
  DebugCapturePointSchema,
  type Flow,
  L7FlowTypeSchema,
  type Policy,
  SocketTranslationPointSchema,
  TraceObservationPointSchema,
  TraceReasonSchema,
  Tunnel_ProtocolSchema,
} from "../../gen/flow/flow_pb.ts";
import { enumName } from "../../domain/flow/enum-name.ts";
import { MonitorMessageType, messageTypeName, policyMatchTypeText } from "../../domain/flow/event-type-words.ts";
import { dnsRcodeText } from "../../domain/flow/summary-names.ts";
import { exactPattern, filterChip } from "./filter-chip.ts";
import { type DetailSection, type DetailValue, detail, row, section } from "./flow-details-rows.ts";
import { httpPath, latencyText, policyName } from "./flow-text.ts";

/** The HTTP, DNS or Kafka section, when the flow has an L7 record. */
export function l7Sections(flow: Flow): DetailSection[] {
  const l7 = flow.l7;
  if (l7 === undefined) return [];
  const type = row("L7 type", detail(enumName(L7FlowTypeSchema, l7.type)));
  const latency = l7.latencyNs > 0n ? row("Latency", detail(`${latencyText(l7.latencyNs)} (${l7.latencyNs} ns)`)) : undefined;
  const record = l7.record;
  let built: DetailSection | undefined;
  switch (record.case) {
    case "http": {
      const http = record.value;
      const path = httpPath(http.url);
      const code = http.code === 0 ? "" : String(http.code);
      built = section("http", "HTTP", [
        type,
        row("Method", detail(http.method, filterChip("http-method", http.method))),
        row("URL", detail(http.url, filterChip("http-url", exactPattern(http.url)))),
        row("Path", detail(path, filterChip("http-path", exactPattern(path)))),
        row("Status", detail(code, filterChip("http-status", code))),
        row("Protocol", detail(http.protocol)),
        latency,
        // --http-header splits at the first colon, so pseudo-headers (`:scheme`) cannot be selected.
        row("Headers", ...http.headers.map((h) => detail(`${h.key}: ${h.value}`, h.key.includes(":") ? undefined : filterChip("http-header", `${h.key}:${h.value}`)))),
      ]);
      break;
    }
    case "dns": {
      const dns = record.value;
      built = section("dns", "DNS", [
        type,
        row("Query", detail(dns.query, filterChip("dns-query", exactPattern(dns.query)))),
        row("Query types", ...dns.qtypes.map((t) => detail(t))),
        row("RCode", detail(`${dns.rcode} (${dnsRcodeText(dns.rcode)})`)),
        row("IPs", ...dns.ips.map((ip) => detail(ip))),
        row("TTL", dns.ttl === 0 ? undefined : detail(`${dns.ttl}s`)),
        row("CNAMEs", ...dns.cnames.map((name) => detail(name))),
        row("RR types", ...dns.rrtypes.map((t) => detail(t))),
        row("Observation source", detail(dns.observationSource)),
        latency,
      ]);
      break;
    }
    case "kafka": {
      const kafka = record.value;
      built = section("kafka", "Kafka", [
        type,
        row("API key", detail(kafka.apiKey)),
        row("API version", detail(String(kafka.apiVersion))),
        row("Topic", detail(kafka.topic)),
        row("Correlation ID", detail(String(kafka.correlationId))),
        row("Error code", detail(String(kafka.errorCode))),
        latency,
      ]);
      break;
    }
    default:
      built = section("l7", "L7", [type, latency]);
  }
  return built === undefined ? [] : [built];
}

// Hubble has no flag that filters by policy name, so these values carry no filter.
function policyValues(policies: readonly Policy[]): (DetailValue | undefined)[] {
  return policies.map((p) => {
    const extra = [p.kind, p.revision > 0n ? `revision ${p.revision}` : ""].filter((part) => part !== "").join(", ");
    return detail(extra === "" ? policyName(p) : `${policyName(p)} (${extra})`);
  });
}

/** Which policies allowed or denied the flow, and how the policy matched. */
export function policySection(flow: Flow): DetailSection | undefined {
  const isPolicyVerdict = flow.eventType?.type === MonitorMessageType.policyVerdict;
  return section("policy", "Policy", [
    row("Ingress allowed by", ...policyValues(flow.ingressAllowedBy)),
    row("Ingress denied by", ...policyValues(flow.ingressDeniedBy)),
    row("Egress allowed by", ...policyValues(flow.egressAllowedBy)),
    row("Egress denied by", ...policyValues(flow.egressDeniedBy)),
    isPolicyVerdict ? row("Match type", detail(`${policyMatchTypeText(flow.policyMatchType)} (${flow.policyMatchType})`)) : undefined,
    row("Policy log", ...flow.policyLog.map((entry) => detail(entry))),
  ]);
}

/** Where in the datapath the event was seen, and the raw event numbers. */
export function traceSection(flow: Flow): DetailSection | undefined {
  const eventType = flow.eventType;
  const iface = flow.interface;
  const tunnel = flow.tunnel;
  const file = flow.file;
  const traceId = flow.traceContext?.parent?.traceId ?? "";
  const ipTraceId = flow.ipTraceId?.traceId ?? 0n;
  const aggregate = flow.aggregate;
  return section("trace", "Trace", [
    row(
      "Event type",
      eventType === undefined ? undefined : detail(`${messageTypeName(eventType.type)} (type ${eventType.type}, sub-type ${eventType.subType})`),
    ),
    row("Observation point", flow.traceObservationPoint === 0 ? undefined : detail(enumName(TraceObservationPointSchema, flow.traceObservationPoint))),
    row("Trace reason", flow.traceReason === 0 ? undefined : detail(enumName(TraceReasonSchema, flow.traceReason))),
    row("Capture point", flow.debugCapturePoint === 0 ? undefined : detail(enumName(DebugCapturePointSchema, flow.debugCapturePoint))),
    row("Socket translation", flow.sockXlatePoint === 0 ? undefined : detail(enumName(SocketTranslationPointSchema, flow.sockXlatePoint))),
    row("Interface", iface === undefined ? undefined : detail(`${iface.name} (index ${iface.index})`, filterChip("interface", iface.name))),
    row("Proxy port", flow.proxyPort === 0 ? undefined : detail(String(flow.proxyPort))),
    row("Trace ID", detail(traceId, filterChip("trace-id", traceId))),
    row("IP trace ID", ipTraceId === 0n ? undefined : detail(String(ipTraceId), filterChip("ip-trace-id", String(ipTraceId)))),
    row("Socket cookie", flow.socketCookie === 0n ? undefined : detail(String(flow.socketCookie))),
    row("Cgroup ID", flow.cgroupId === 0n ? undefined : detail(String(flow.cgroupId))),
    row("Source file", file === undefined || file.name === "" ? undefined : detail(`${file.name}:${file.line}`)),
    row(
      "Tunnel",
      tunnel === undefined ? undefined : detail(`${enumName(Tunnel_ProtocolSchema, tunnel.protocol)} vni ${tunnel.vni} ${tunnel.IP?.source ?? ""} → ${tunnel.IP?.destination ?? ""}`),
    ),
    row(
      "Aggregate",
      aggregate === undefined
        ? undefined
        : detail(`ingress ${aggregate.ingressFlowCount}, egress ${aggregate.egressFlowCount}, unknown ${aggregate.unknownDirectionFlowCount}`),
    ),
    row("Emitter", flow.emitter === undefined ? undefined : detail(`${flow.emitter.name} ${flow.emitter.version}`.trim())),
  ]);
}
