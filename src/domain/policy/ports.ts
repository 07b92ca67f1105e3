// toPorts / icmps: port syntax (numbers, IANA service names for named ports, endPort ranges),
// ICMP type names, and whether a port key covers a connection.

import type { NamedPort } from "./endpoint.ts";
import type { ConnectionProtocol, PortKey } from "./types.ts";

/** A parsed `port` string: a number (0 = all ports) or a named container port. */
export type ParsedPort = { readonly kind: "number"; readonly port: number } | { readonly kind: "name"; readonly name: string };

/**
 * IANA service name syntax (Cilium's `iana.IsSvcName`): 1–15 letters, digits and single hyphens,
 * at least one letter, no hyphen at either end. Anything with a letter is a name, not a number.
 */
function isServiceName(text: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9-]{0,13}[A-Za-z0-9])?$/.test(text) && /[A-Za-z]/.test(text) && !text.includes("--");
}

/** Parses a `port` field; returns a problem description instead when it is not a port. */
export function parsePort(text: string): ParsedPort | string {
  if (isServiceName(text)) return { kind: "name", name: text.toLowerCase() };
  if (!/^\d{1,5}$/.test(text)) {
    return `${JSON.stringify(text)} is neither a port number (0-65535) nor a port name (letters, digits and '-', at most 15 characters)`;
  }
  const port = Number(text);
  return port > 65535 ? `port ${port} is out of range 0-65535` : { kind: "number", port };
}

const ICMPV4_TYPES: Readonly<Record<string, number>> = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  Redirect: 5,
  Echo: 8,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSelection: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
  Photuris: 40,
  ExtendedEchoRequest: 42,
  ExtendedEchoReply: 43,
};

const ICMPV6_TYPES: Readonly<Record<string, number>> = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  MulticastListenerQuery: 130,
  MulticastListenerReport: 131,
  MulticastListenerDone: 132,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
  RedirectMessage: 137,
  RouterRenumbering: 138,
  ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140,
  InverseNeighborDiscoverySolicitation: 141,
  InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144,
  HomeAgentAddressDiscoveryReply: 145,
  MobilePrefixSolicitation: 146,
  MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157,
  DuplicateAddressConfirmationCodeSuffix: 158,
  ExtendedEchoRequest: 160,
  ExtendedEchoReply: 161,
};

/** Resolves an ICMP `type` (0–255 or a CamelCase name for the family); a problem string when invalid. */
export function parseIcmpType(value: string | number, family: "IPv4" | "IPv6"): number | string {
  if (typeof value === "number" || /^\d+$/.test(value)) {
    const type = Number(value);
    return type >= 0 && type <= 255 ? type : `ICMP type ${type} is out of range 0-255`;
  }
  const table = family === "IPv4" ? ICMPV4_TYPES : ICMPV6_TYPES;
  return Object.hasOwn(table, value) ? (table[value] ?? 0) : `${JSON.stringify(value)} is not an ${family} ICMP type name`;
}

/**
 * True when the key covers a connection to `port`/`protocol`. Named ports resolve against the
 * destination endpoint's container ports; a name the destination does not have matches nothing.
 */
export function portKeyCovers(
  key: PortKey,
  protocol: ConnectionProtocol,
  port: number,
  namedPorts: Readonly<Record<string, NamedPort>> | undefined,
): boolean {
  if (key.protocol !== protocol) return false;
  if (key.name !== undefined) {
    const named = namedPorts?.[key.name];
    return named !== undefined && named.port === port && (named.protocol ?? "TCP") === protocol;
  }
  if (protocol === "ICMP" || protocol === "ICMPv6") return key.port === port;
  return key.port === 0 || (port >= key.port && port <= key.endPort);
}

/** How many ports a key spans; the datapath prefers the narrowest match (longest prefix). */
export function portSpan(key: PortKey): number {
  if (key.name !== undefined) return 0;
  return key.port === 0 ? 65536 : key.endPort - key.port;
}
