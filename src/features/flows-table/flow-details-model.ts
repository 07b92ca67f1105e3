// Everything the details drawer shows for one flow, as data: sections of
// labelled values, each value with the `hubble observe` filter that selects
// it where a flag exists. Pure, so what is shown and what each filter button
// does are tested without a DOM. Empty values and empty sections are left out.
import {
  AuthTypeSchema,
  DropReasonSchema,
  type Endpoint,
  type Flow,
  FlowTypeSchema,
  IPVersion,
  type Service,
} from "../../gen/flow/flow_pb.ts";
import { flowTypeWord, summaryText } from "../../domain/flow/compact-flow-parts.ts";
import { dropReasonText } from "../../domain/flow/drop-reason-text.ts";
import { enumName } from "../../domain/flow/enum-name.ts";
import { reservedIdentityName } from "../../domain/flow/event-type-words.ts";
import { formatGoTime } from "../../domain/flow/go-format.ts";
import { eventTypeFlagValue, filterChip, identityFlagValue } from "./filter-chip.ts";
import { type DetailSection, detail, row, section } from "./flow-details-rows.ts";
import { l7Sections, policySection, traceSection } from "./flow-details-sections.ts";
import { appName, authText, podText, serviceText, tcpFlagNames, trafficDirectionText, verdictName, workloadText } from "./flow-text.ts";

/** Every section for a flow, in drawer order. */
export function flowDetails(flow: Flow): DetailSection[] {
  return [
    overviewSection(flow),
    endpointSection(flow, "source"),
    endpointSection(flow, "destination"),
    l4Section(flow),
    ...l7Sections(flow),
    policySection(flow),
    traceSection(flow),
  ].filter((s): s is DetailSection => s !== undefined);
}

function overviewSection(flow: Flow): DetailSection | undefined {
  const verdict = verdictName(flow);
  const reason = flow.dropReasonDesc;
  const direction = trafficDirectionText(flow);
  const eventTypeValue = eventTypeFlagValue(flow);
  const isReply = flow.isReply === undefined ? undefined : String(flow.isReply);
  return section("overview", "Flow", [
    row("Time", detail(formatGoTime(flow.time, "RFC3339Nano")), detail(formatGoTime(flow.time))),
    row("Verdict", detail(verdict, filterChip("verdict", verdict))),
    row(
      "Drop reason",
      reason === 0 ? undefined : detail(enumName(DropReasonSchema, reason), filterChip("drop-reason-desc", enumName(DropReasonSchema, reason))),
      flow.dropReason === 0 ? undefined : detail(`${dropReasonText(flow.dropReason)} (${flow.dropReason})`),
    ),
    row("Event", detail(flowTypeWord(flow, "current"), eventTypeValue === undefined ? undefined : filterChip("type", eventTypeValue))),
    row("Summary", detail(summaryText(flow, "current"))),
    row("Traffic direction", detail(direction, direction === "" ? undefined : filterChip("traffic-direction", direction))),
    row("Is reply", detail(isReply, isReply === undefined ? undefined : filterChip("reply", isReply))),
    row("Flow type", detail(enumName(FlowTypeSchema, flow.Type))),
    row("Auth", detail(authText(flow) === "" ? undefined : enumName(AuthTypeSchema, flow.authType))),
    row("Node", detail(flow.nodeName, filterChip("node-name", flow.nodeName))),
    row("Node labels", ...flow.nodeLabels.map((label) => detail(label, filterChip("node-label", label)))),
    row("UUID", detail(flow.uuid, filterChip("uuid", flow.uuid))),
  ]);
}

function endpointSection(flow: Flow, side: "source" | "destination"): DetailSection | undefined {
  const src = side === "source";
  const dir = src ? "from" : "to";
  const endpoint: Endpoint | undefined = src ? flow.source : flow.destination;
  const service: Service | undefined = src ? flow.sourceService : flow.destinationService;
  const names = src ? flow.sourceNames : flow.destinationNames;
  const ip = src ? flow.IP?.source : flow.IP?.destination;
  const pod = podText(endpoint);
  const namespace = endpoint?.namespace ?? "";
  const identity = endpoint?.identity;
  const serviceName = serviceText(service);
  const port = portNumber(flow, side);
  return section(side, src ? "Source" : "Destination", [
    row("Pod", detail(pod, endpoint?.namespace ? filterChip(`${dir}-pod`, pod) : undefined)),
    row("Namespace", detail(namespace, filterChip(`${dir}-namespace`, namespace))),
    row("App", detail(appName(endpoint))),
    row(
      "Identity",
      identity === undefined ? undefined : detail(identityText(identity), filterChip(`${dir}-identity`, identityFlagValue(identity))),
    ),
    row("Endpoint ID", detail(endpoint?.ID ? String(endpoint.ID) : undefined)),
    row("Cluster", detail(endpoint?.clusterName, filterChip(`${dir}-cluster`, endpoint?.clusterName ?? ""))),
    row("Labels", ...(endpoint?.labels ?? []).map((label) => detail(label, filterChip(`${dir}-label`, label)))),
    row("Workloads", ...(endpoint?.workloads ?? []).map((w) => detail(workloadText(w), filterChip(`${dir}-workload`, workloadText(w))))),
    row("Service", detail(serviceName, filterChip(`${dir}-service`, serviceName))),
    row("DNS names", ...names.map((name) => detail(name, fqdnMatchable(name) ? filterChip(`${dir}-fqdn`, name) : undefined))),
    row("IP", detail(ip, filterChip(`${dir}-ip`, ip ?? ""))),
    src ? row("SNAT IP", detail(flow.IP?.sourceXlated, filterChip("snat-ip", flow.IP?.sourceXlated ?? ""))) : undefined,
    row("Port", detail(port, filterChip(`${dir}-port`, port))),
    row("MAC", detail(src ? flow.ethernet?.source : flow.ethernet?.destination)),
  ]);
}

function identityText(identity: number): string {
  const reserved = reservedIdentityName(identity);
  return reserved === undefined ? String(identity) : `${identity} (${reserved})`;
}

function portNumber(flow: Flow, side: "source" | "destination"): string {
  const protocol = flow.l4?.protocol;
  if (protocol?.case !== "TCP" && protocol?.case !== "UDP" && protocol?.case !== "SCTP") return "";
  const port = side === "source" ? protocol.value.sourcePort : protocol.value.destinationPort;
  return port === 0 ? "" : String(port);
}

// Hubble lower-cases FQDN patterns and drops their trailing dot but compares
// them with the flow's names as they are, so only such names can be selected.
function fqdnMatchable(name: string): boolean {
  return name === name.toLowerCase() && !name.endsWith(".");
}

function l4Section(flow: Flow): DetailSection | undefined {
  const protocol = flow.l4?.protocol;
  const flags = tcpFlagNames(flow);
  const ip = flow.IP;
  const version = ip?.ipVersion === IPVersion.IPv4 ? "ipv4" : ip?.ipVersion === IPVersion.IPv6 ? "ipv6" : undefined;
  const icmp = protocol?.case === "ICMPv4" || protocol?.case === "ICMPv6" ? protocol.value : undefined;
  const protocolWord = protocol?.case?.toLowerCase();
  return section("l4", "L3/L4", [
    row("Protocol", detail(protocol?.case, protocolWord === undefined ? undefined : filterChip("protocol", protocolWord))),
    row("IP version", detail(version === undefined ? undefined : version.replace("ip", "IP"), version === undefined ? undefined : filterChip(version))),
    row("Encrypted", ip?.encrypted ? detail("yes", filterChip("encrypted")) : undefined),
    row("TCP flags", detail(flags.join(", "), flags.length === 0 ? undefined : filterChip("tcp-flags", flags.join(",")))),
    row("ICMP type/code", icmp === undefined ? undefined : detail(`${icmp.type}/${icmp.code}`)),
    protocol?.case === "IGMP" ? row("IGMP group", detail(protocol.value.groupAddress)) : undefined,
    protocol?.case === "VRRP" ? row("VRRP", detail(`vrid ${protocol.value.vrid}, priority ${protocol.value.priority}`)) : undefined,
  ]);
}
