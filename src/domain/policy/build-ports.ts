// Builds the L4 part of an ingress/egress entry: `toPorts` and `icmps` become PortKeys, one per
// port and protocol, the way Cilium creates one L4Filter per port/protocol (`protocol: ANY` or
// empty → TCP, UDP and SCTP). HTTP, Kafka and l7proto rules only apply on TCP, as in Cilium's
// createL4Filter; DNS rules apply on any protocol.

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { L7Policy, PortKey, PortProtocol } from "./types.ts";
import { isRecord } from "./lint.ts";
import { parseIcmpType, parsePort } from "./ports.ts";
import { buildL7 } from "./build-l7.ts";

const MAX_PORTS_PER_RULE = 40;

function protocolsOf(raw: unknown): PortProtocol[] {
  return raw === "TCP" || raw === "UDP" || raw === "SCTP" ? [raw] : ["TCP", "UDP", "SCTP"];
}

function l7For(l7: L7Policy | undefined, protocol: PortProtocol): L7Policy | undefined {
  if (l7 === undefined || l7.parser === "dns") return l7;
  return protocol === "TCP" ? l7 : undefined;
}

function portKeys(portRule: Record<string, unknown>, l7: L7Policy | undefined, path: readonly PathSegment[], report: Reporter): PortKey[] {
  const ports = Array.isArray(portRule["ports"]) ? portRule["ports"].filter(isRecord) : [];
  if (ports.length === 0) report(path, "warning", "no ports listed; this toPorts entry matches nothing");
  if (ports.length > MAX_PORTS_PER_RULE) report([...path, "ports"], "error", `at most ${MAX_PORTS_PER_RULE} ports per toPorts entry`);
  const keys: PortKey[] = [];
  ports.forEach((raw, index) => {
    const where = [...path, "ports", index];
    if (typeof raw["port"] !== "string") return report([...where, "port"], "error", "port is required");
    const parsed = parsePort(raw["port"]);
    if (typeof parsed === "string") return report([...where, "port"], "error", parsed);
    const endPort = typeof raw["endPort"] === "number" ? raw["endPort"] : undefined;
    let last = parsed.kind === "number" ? parsed.port : 0;
    if (endPort !== undefined && endPort !== 0) {
      if (parsed.kind === "name") return report([...where, "endPort"], "error", "endPort cannot be used with a named port");
      if (endPort < parsed.port) return report([...where, "endPort"], "error", `endPort ${endPort} is lower than port ${parsed.port}`);
      if (parsed.port !== 0) last = endPort;
    }
    if (l7 !== undefined && parsed.kind === "number" && parsed.port === 0) {
      report([...where, "port"], "error", "L7 rules cannot be used with port 0 (all ports)");
    }
    if (l7?.parser === "dns" && last !== (parsed.kind === "number" ? parsed.port : 0)) {
      report([...where, "endPort"], "error", "DNS rules do not support port ranges");
    }
    const protocols = protocolsOf(raw["protocol"]);
    if (l7 !== undefined && l7.parser !== "dns" && !protocols.includes("TCP")) {
      report([...where, "protocol"], "warning", `${l7.parser} rules only apply to TCP; on ${protocols.join("/")} this port is allowed without L7 checks`);
    }
    for (const protocol of protocols) {
      const base = { protocol, l7: l7For(l7, protocol) };
      keys.push(parsed.kind === "name" ? { ...base, port: 0, endPort: 0, name: parsed.name } : { ...base, port: parsed.port, endPort: last });
    }
  });
  return keys;
}

function icmpKeys(entry: Record<string, unknown>, path: readonly PathSegment[], report: Reporter): PortKey[] {
  const keys: PortKey[] = [];
  const rules = Array.isArray(entry["icmps"]) ? entry["icmps"].filter(isRecord) : [];
  rules.forEach((rule, i) => {
    const fields = Array.isArray(rule["fields"]) ? rule["fields"].filter(isRecord) : [];
    fields.forEach((field, j) => {
      const where = [...path, "icmps", i, "fields", j];
      const family = field["family"] === "IPv6" ? "IPv6" : "IPv4";
      const type = field["type"];
      if (typeof type !== "string" && typeof type !== "number") return report([...where, "type"], "error", "type is required");
      const parsed = parseIcmpType(type, family);
      if (typeof parsed === "string") return report([...where, "type"], "error", parsed);
      keys.push({ protocol: family === "IPv4" ? "ICMP" : "ICMPv6", port: parsed, endPort: parsed });
    });
  });
  return keys;
}

/**
 * All port keys of an entry. An empty result means an L3-only entry (every port and protocol),
 * unless the entry listed ports that were all invalid, which the caller sees as errors.
 */
export function buildPortKeys(entry: Record<string, unknown>, ingress: boolean, deny: boolean, path: readonly PathSegment[], report: Reporter): PortKey[] {
  const toPorts = Array.isArray(entry["toPorts"]) ? entry["toPorts"].filter(isRecord) : [];
  const hasIcmps = Array.isArray(entry["icmps"]) && entry["icmps"].length > 0;
  if (toPorts.length > 0 && hasIcmps) {
    report([...path, "icmps"], "error", "icmps may only be used without toPorts; define a separate rule for the ports");
  }
  const keys: PortKey[] = [];
  toPorts.forEach((portRule, index) => {
    const where = [...path, "toPorts", index];
    const l7 = deny ? undefined : buildL7(portRule, ingress, where, report);
    keys.push(...portKeys(portRule, l7, where, report));
  });
  keys.push(...icmpKeys(entry, path, report));
  return keys;
}
