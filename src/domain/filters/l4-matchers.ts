// Matchers for the L3/L4 FlowFilter fields: IPs and CIDRs, ports, protocol words, TCP flags,
// IP version and the encryption bit.
import { type Flow, type IPVersion, type TCPFlags } from "../../gen/flow/flow_pb.ts";
import { type FlowPredicate, InvalidFilterError, entryField } from "./invalid-filter-error.ts";
import { AddrKind, type IpPrefix, parseIpAddress, parseIpPrefix, prefixContains } from "./ip-address.ts";

/** Which address of `IP` an IP field compares: source, destination or source after SNAT. */
export type IpField = "source_ip" | "destination_ip" | "source_ip_xlated";

const ipGetters: Readonly<Record<IpField, (flow: Flow) => string>> = {
  source_ip: (flow) => flow.IP?.source ?? "",
  destination_ip: (flow) => flow.IP?.destination ?? "",
  source_ip_xlated: (flow) => flow.IP?.sourceXlated ?? "",
};

/**
 * IP fields: an entry with `/` is a CIDR (containment, same family); any other entry must be a
 * valid address and matches by exact string equality with the flow's text (as Hubble does, so
 * `2001:db8::1` does not equal `2001:0db8::1`).
 */
export function ipPredicate(values: readonly string[], field: IpField): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const exact = new Set<string>();
  const prefixes: IpPrefix[] = [];
  const scratch = new Uint32Array(4);
  values.forEach((value, i) => {
    if (value.includes("/")) {
      const prefix = parseIpPrefix(value);
      if (typeof prefix === "string") {
        throw new InvalidFilterError(entryField(field, i), `invalid IP prefix ${JSON.stringify(value)}: ${prefix}`);
      }
      prefixes.push(prefix);
    } else {
      if (parseIpAddress(value, scratch) === AddrKind.Invalid) {
        throw new InvalidFilterError(entryField(field, i), `invalid IP address ${JSON.stringify(value)}`);
      }
      exact.add(value);
    }
  });
  const get = ipGetters[field];
  const words = new Uint32Array(4);
  return (flow) => {
    const ip = get(flow);
    if (ip === "") return false;
    if (exact.has(ip)) return true;
    if (prefixes.length === 0) return false;
    const kind = parseIpAddress(ip, words);
    if (kind === AddrKind.Invalid) return false;
    for (const prefix of prefixes) if (prefixContains(prefix, kind, words)) return true;
    return false;
  };
}

/** Source or destination port of a TCP/UDP/SCTP flow, -1 for anything else (ICMP never matches). */
function l4Port(flow: Flow, destination: boolean): number {
  const l4 = flow.l4?.protocol;
  if (l4 === undefined) return -1;
  switch (l4.case) {
    case "TCP":
    case "UDP":
    case "SCTP":
      return (destination ? l4.value.destinationPort : l4.value.sourcePort) & 0xffff;
    default:
      return -1;
  }
}

/** source_port / destination_port: decimal 0–65535 (Go's ParseUint(p, 10, 16)). */
export function portPredicate(values: readonly string[], field: "source_port" | "destination_port"): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const ports = new Set(
    values.map((value, i) => {
      const port = /^[0-9]+$/.test(value) ? Number(value) : NaN;
      if (!(port <= 65535)) throw new InvalidFilterError(entryField(field, i), `invalid port ${JSON.stringify(value)}`);
      return port;
    }),
  );
  const destination = field === "destination_port";
  return (flow) => ports.has(l4Port(flow, destination));
}

// Bits for the protocol words: L4 oneof members and L7 record kinds.
const L4_BITS: Readonly<Record<string, number>> = { TCP: 1, UDP: 2, ICMPv4: 4, ICMPv6: 8, SCTP: 16, VRRP: 32, IGMP: 64 };
const L7_BITS: Readonly<Record<string, number>> = { dns: 1, http: 2, kafka: 4 };
const PROTOCOL_WORDS: Readonly<Record<string, { l4: number; l7: number }>> = {
  tcp: { l4: L4_BITS.TCP!, l7: 0 },
  udp: { l4: L4_BITS.UDP!, l7: 0 },
  sctp: { l4: L4_BITS.SCTP!, l7: 0 },
  icmp: { l4: L4_BITS.ICMPv4! | L4_BITS.ICMPv6!, l7: 0 },
  icmpv4: { l4: L4_BITS.ICMPv4!, l7: 0 },
  icmpv6: { l4: L4_BITS.ICMPv6!, l7: 0 },
  vrrp: { l4: L4_BITS.VRRP!, l7: 0 },
  igmp: { l4: L4_BITS.IGMP!, l7: 0 },
  dns: { l4: 0, l7: L7_BITS.dns! },
  http: { l4: 0, l7: L7_BITS.http! },
  kafka: { l4: 0, l7: L7_BITS.kafka! },
};

/** protocol: case-insensitive L4 words (oneof member present) and L7 words (record present). */
export function protocolPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  let l4Mask = 0;
  let l7Mask = 0;
  values.forEach((value, i) => {
    const bits = PROTOCOL_WORDS[value.toLowerCase()];
    if (bits === undefined) throw new InvalidFilterError(entryField("protocol", i), `unknown protocol: ${JSON.stringify(value)}`);
    l4Mask |= bits.l4;
    l7Mask |= bits.l7;
  });
  return (flow) => {
    const l4Case = flow.l4?.protocol.case;
    if (l4Case !== undefined && (L4_BITS[l4Case]! & l4Mask) !== 0) return true;
    const l7Case = flow.l7?.record.case;
    return l7Case !== undefined && (L7_BITS[l7Case]! & l7Mask) !== 0;
  };
}

function tcpFlagBits(f: TCPFlags): number {
  return (
    (f.FIN ? 1 : 0) |
    (f.SYN ? 2 : 0) |
    (f.RST ? 4 : 0) |
    (f.PSH ? 8 : 0) |
    (f.ACK ? 16 : 0) |
    (f.URG ? 32 : 0) |
    (f.ECE ? 64 : 0) |
    (f.CWR ? 128 : 0) |
    (f.NS ? 256 : 0)
  );
}

/**
 * tcp_flags: each entry is a set of required flags; a TCP flow whose flags include every flag of
 * some entry matches (`{SYN}` matches SYN and SYN-ACK). Flows without TCP flags never match.
 */
export function tcpFlagsPredicate(values: readonly TCPFlags[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const required = values.map(tcpFlagBits);
  return (flow) => {
    const l4 = flow.l4?.protocol;
    if (l4?.case !== "TCP" || l4.value.flags === undefined) return false;
    const present = tcpFlagBits(l4.value.flags);
    for (const bits of required) if ((present & bits) === bits) return true;
    return false;
  };
}

/** ip_version: `IP.ipVersion` in the list (a flow without `IP` counts as IP_NOT_USED). */
export function ipVersionPredicate(values: readonly IPVersion[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const versions = new Set<number>(values);
  return (flow) => versions.has(flow.IP?.ipVersion ?? 0);
}

/** encrypted: `IP.encrypted` (false when absent) in the list. */
export function encryptedPredicate(values: readonly boolean[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const accepted = new Set(values);
  return (flow) => accepted.has(flow.IP?.encrypted ?? false);
}
