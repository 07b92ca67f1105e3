// Names the server's parsers put into `Flow.Summary`: gopacket's ICMPv4/ICMPv6
// TypeCode strings and DNS response code strings (github.com/gopacket/gopacket,
// the packet library Cilium uses). Quirks such as the trailing space in
// "Server Failure " are gopacket's own and kept on purpose.

type TypeCodeInfo = readonly [typeName: string, codes?: ReadonlyMap<number, string>];

const ICMPV4: ReadonlyMap<number, TypeCodeInfo> = new Map<number, TypeCodeInfo>([
  [0, ["EchoReply"]],
  [
    3,
    [
      "DestinationUnreachable",
      new Map([
        [0, "Net"],
        [1, "Host"],
        [2, "Protocol"],
        [3, "Port"],
        [4, "FragmentationNeeded"],
        [5, "SourceRoutingFailed"],
        [6, "NetUnknown"],
        [7, "HostUnknown"],
        [8, "SourceIsolated"],
        [9, "NetAdminProhibited"],
        [10, "HostAdminProhibited"],
        [11, "NetTOS"],
        [12, "HostTOS"],
        [13, "CommAdminProhibited"],
        [14, "HostPrecedence"],
        [15, "PrecedenceCutoff"],
      ]),
    ],
  ],
  [4, ["SourceQuench"]],
  [
    5,
    [
      "Redirect",
      new Map([
        [0, "Net"],
        [1, "Host"],
        [2, "TOS+Net"],
        [3, "TOS+Host"],
      ]),
    ],
  ],
  [8, ["EchoRequest"]],
  [9, ["RouterAdvertisement"]],
  [10, ["RouterSolicitation"]],
  [
    11,
    [
      "TimeExceeded",
      new Map([
        [0, "TTLExceeded"],
        [1, "FragmentReassemblyTimeExceeded"],
      ]),
    ],
  ],
  [
    12,
    [
      "ParameterProblem",
      new Map([
        [0, "PointerIndicatesError"],
        [1, "MissingOption"],
        [2, "BadLength"],
      ]),
    ],
  ],
  [13, ["TimestampRequest"]],
  [14, ["TimestampReply"]],
  [15, ["InfoRequest"]],
  [16, ["InfoReply"]],
  [17, ["AddressMaskRequest"]],
  [18, ["AddressMaskReply"]],
]);

const ICMPV6: ReadonlyMap<number, TypeCodeInfo> = new Map<number, TypeCodeInfo>([
  [
    1,
    [
      "DestinationUnreachable",
      new Map([
        [0, "NoRouteToDst"],
        [1, "AdminProhibited"],
        [2, "BeyondScopeOfSrc"],
        [3, "AddressUnreachable"],
        [4, "PortUnreachable"],
        [5, "SrcAddressFailedPolicy"],
        [6, "RejectRouteToDst"],
      ]),
    ],
  ],
  [2, ["PacketTooBig"]],
  [
    3,
    [
      "TimeExceeded",
      new Map([
        [0, "HopLimitExceeded"],
        [1, "FragmentReassemblyTimeExceeded"],
      ]),
    ],
  ],
  [
    4,
    [
      "ParameterProblem",
      new Map([
        [0, "ErroneousHeaderField"],
        [1, "UnrecognizedNextHeader"],
        [2, "UnrecognizedIPv6Option"],
      ]),
    ],
  ],
  [128, ["EchoRequest"]],
  [129, ["EchoReply"]],
  [133, ["RouterSolicitation"]],
  [134, ["RouterAdvertisement"]],
  [135, ["NeighborSolicitation"]],
  [136, ["NeighborAdvertisement"]],
  [137, ["Redirect"]],
]);

function typeCodeText(table: ReadonlyMap<number, TypeCodeInfo>, type: number, code: number): string {
  // The wire fields are one byte each.
  const t = type & 0xff;
  const c = code & 0xff;
  const info = table.get(t);
  if (info === undefined) {
    return `${t}(${c})`;
  }
  const [typeName, codes] = info;
  if (codes === undefined) {
    return c === 0 ? typeName : `${typeName}(Code: ${c})`;
  }
  const codeName = codes.get(c);
  return codeName === undefined ? `${typeName}(Code: ${c})` : `${typeName}(${codeName})`;
}

/** gopacket's `ICMPv4TypeCode.String()`, e.g. (8, 0) → "EchoRequest", (3, 3) → "DestinationUnreachable(Port)". */
export function icmpv4TypeCodeText(type: number, code: number): string {
  return typeCodeText(ICMPV4, type, code);
}

/** gopacket's `ICMPv6TypeCode.String()`, e.g. (128, 0) → "EchoRequest". */
export function icmpv6TypeCodeText(type: number, code: number): string {
  return typeCodeText(ICMPV6, type, code);
}

const DNS_RCODES: ReadonlyMap<number, string> = new Map([
  [0, "No Error"],
  [1, "Format Error"],
  [2, "Server Failure "],
  [3, "Non-Existent Domain"],
  [4, "Not Implemented"],
  [5, "Query Refused"],
  [6, "Name Exists when it should not"],
  [7, "RR Set Exists when it should not"],
  [8, "RR Set that should exist does not"],
  [9, "Server Not Authoritative for zone"],
  [10, "Name not contained in zone"],
  [16, "Bad OPT Version"],
  [17, "Key not recognized"],
  [18, "Signature out of time window"],
  [19, "Bad TKEY Mode"],
  [20, "Duplicate key name"],
  [21, "Algorithm not supported"],
  [22, "Bad Truncation"],
  [23, "Bad Cookie"],
]);

/** gopacket's `DNSResponseCode.String()`, e.g. 3 → "Non-Existent Domain"; unknown → "Unknown". */
export function dnsRcodeText(rcode: number): string {
  // DNSResponseCode is a uint8.
  return DNS_RCODES.get(rcode & 0xff) ?? "Unknown";
}
