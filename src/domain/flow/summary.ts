// Rebuilds the `Flow.Summary` text that Hubble's server-side parsers write
// (facts B.3, second table; Cilium pkg/hubble/parser/threefour and seven).
// The simulator uses it to make flows that read like real ones; the CLI and UI
// only ever print the Summary they receive.
import { type Flow, type Layer7, IPVersion, L7FlowType } from "../../gen/flow/flow_pb.ts";
import { goQuote } from "./go-format.ts";
import { dnsRcodeText, icmpv4TypeCodeText, icmpv6TypeCodeText } from "./summary-names.ts";

/** TCP flags in the order the server lists them. */
const TCP_FLAG_ORDER = ["SYN", "ACK", "RST", "FIN", "PSH", "URG", "ECE", "CWR", "NS"] as const;

/**
 * The Summary the Hubble server would attach to this flow.
 *
 * L7 flows: HTTP and DNS requests/responses and Kafka records. L3/L4 flows:
 * "TCP Flags: …", "ICMPv4 <TypeCode>", or the name of the last decoded layer
 * ("UDP", "SCTP", "IPv4", "IPv6", "Ethernet"). VRRP and IGMP flows get "" —
 * their gopacket type names are not reproduced here.
 */
export function summarize(flow: Flow): string {
  if (flow.l7 !== undefined) {
    return l7Summary(flow.l7);
  }
  const protocol = flow.l4?.protocol;
  switch (protocol?.case) {
    case "TCP": {
      const flags = protocol.value.flags;
      const set = TCP_FLAG_ORDER.filter((name) => flags?.[name] === true);
      return `TCP Flags: ${set.join(", ")}`;
    }
    case "ICMPv4":
      return `ICMPv4 ${icmpv4TypeCodeText(protocol.value.type, protocol.value.code)}`;
    case "ICMPv6":
      return `ICMPv6 ${icmpv6TypeCodeText(protocol.value.type, protocol.value.code)}`;
    case "UDP":
      return "UDP";
    case "SCTP":
      return "SCTP";
    case "VRRP":
    case "IGMP":
      return "";
    default:
      // No L4 layer: the summary is the last layer the parser decoded.
      if (flow.IP !== undefined) {
        return flow.IP.ipVersion === IPVersion.IPv6 ? "IPv6" : "IPv4";
      }
      return flow.ethernet === undefined ? "" : "Ethernet";
  }
}

function l7Summary(l7: Layer7): string {
  const record = l7.record;
  switch (record.case) {
    case "http": {
      const http = record.value;
      const request = `${http.method} ${http.url}`;
      if (l7.type === L7FlowType.REQUEST) {
        return `${http.protocol} ${request}`;
      }
      if (l7.type === L7FlowType.RESPONSE) {
        // Latency in whole milliseconds, truncated (Go integer division).
        const ms = l7.latencyNs / 1_000_000n;
        return `${http.protocol} ${http.code} ${ms}ms (${request})`;
      }
      return "";
    }
    case "dns": {
      const dns = record.value;
      const qtypes = dns.qtypes.join(",");
      if (l7.type === L7FlowType.REQUEST) {
        return `DNS Query ${dns.query} ${qtypes}`;
      }
      if (l7.type !== L7FlowType.RESPONSE) {
        return "";
      }
      let answer: string;
      if (dns.rcode !== 0) {
        answer = `RCode: ${dnsRcodeText(dns.rcode)}`;
      } else {
        const parts: string[] = [];
        if (dns.ips.length > 0) {
          parts.push(goQuote(dns.ips.join(",")));
        }
        if (dns.cnames.length > 0) {
          parts.push(`CNAMEs: ${goQuote(dns.cnames.join(","))}`);
        }
        // An empty answer leaves a double space, as on the server.
        answer = parts.join(" ");
      }
      const source = dns.observationSource === "proxy" ? "Proxy" : "Query";
      return `DNS Answer ${answer} TTL: ${dns.ttl} (${source} ${dns.query} ${qtypes})`;
    }
    case "kafka": {
      const kafka = record.value;
      const head = `${kafka.apiKey} correlation id ${kafka.correlationId} topic '${kafka.topic}'`;
      return l7.type === L7FlowType.REQUEST
        ? `Kafka request ${head}`
        : `Kafka response ${head} return code ${kafka.errorCode}`;
    }
    default:
      return "";
  }
}
