// The filter case table: every row of facts C.2 (matching and non-matching flows, and the
// inputs Hubble rejects with a message naming the field) plus the C.1 combination rules.
// Unit tests iterate it, and the server's gRPC tests replay it against GetFlows.
import { endpointErrorCases, endpointMatchCases } from "./filter-cases-endpoint.ts";
import { flowErrorCases, flowMatchCases } from "./filter-cases-flow.ts";
import { l4ErrorCases, l4MatchCases } from "./filter-cases-l4.ts";
import { l7ErrorCases, l7MatchCases } from "./filter-cases-l7.ts";
import {
  type FilterErrorCase,
  type FilterListCase,
  type FilterMatchCase,
  destination,
  dropped,
  flow,
  forwarded,
  pod,
  source,
  tcp,
  udp,
} from "./testing.ts";

/** One FlowFilter per case: `matches` must be selected, `rejects` must not. */
export const filterMatchCases: readonly FilterMatchCase[] = [
  ...endpointMatchCases,
  ...l4MatchCases,
  ...l7MatchCases,
  ...flowMatchCases,
];

/** FlowFilters Hubble refuses (INVALID_ARGUMENT); `error` matches our message, which starts with the field. */
export const filterErrorCases: readonly FilterErrorCase[] = [
  ...endpointErrorCases,
  ...l4ErrorCases,
  ...l7ErrorCases,
  ...flowErrorCases,
];

const webToDb80 = flow(source(pod("shop", "web-1")), destination(pod("shop", "db-0")), tcp(40000, 80));
const webToDb443 = flow(source(pod("shop", "web-1")), destination(pod("shop", "db-0")), tcp(40000, 443));
const webToApi80 = flow(source(pod("shop", "web-1")), destination(pod("shop", "api-0")), tcp(40000, 80));
const otherTo80 = flow(source(pod("default", "client")), destination(pod("default", "server")), tcp(40000, 80));
const intoShop = flow(source(pod("default", "client")), destination(pod("shop", "web-1")), tcp(40000, 80));
const dnsLookup = flow(source(pod("default", "client")), udp(40000, 53), forwarded);
const denied = flow(source(pod("default", "client")), tcp(40000, 5432), dropped("POLICY_DENIED"));

/** Whitelist/blacklist combination rules (facts C.1). */
export const filterListCases: readonly FilterListCase[] = [
  { name: "empty whitelist and blacklist select everything", whitelist: [], blacklist: [],
    matches: [webToDb80, dnsLookup, denied, flow()], rejects: [] },
  { name: "fields of one filter are ANDed", whitelist: [{ source_pod: ["shop/"], destination_port: ["80"] }], blacklist: [],
    matches: [webToDb80, webToApi80], rejects: [webToDb443, otherTo80] },
  { name: "whitelist filters are ORed", whitelist: [{ verdict: ["DROPPED"] }, { destination_port: ["53"] }], blacklist: [],
    matches: [denied, dnsLookup], rejects: [webToDb80] },
  { name: "a filter without fields matches every flow", whitelist: [{}], blacklist: [],
    matches: [webToDb80, flow()], rejects: [] },
  { name: "blacklist removes flows matching any of its filters", whitelist: [], blacklist: [{ destination_port: ["53"] }, { verdict: ["DROPPED"] }],
    matches: [webToDb80, otherTo80], rejects: [dnsLookup, denied] },
  { name: "result is whitelist AND NOT blacklist", whitelist: [{ source_pod: ["shop/"] }], blacklist: [{ destination_pod: ["shop/db-"] }],
    matches: [webToApi80], rejects: [webToDb80, otherTo80] },
  { name: "an empty blacklist filter removes everything", whitelist: [], blacklist: [{}],
    matches: [], rejects: [webToDb80, flow()] },
  { name: "hubble observe --namespace shop (source OR destination)", whitelist: [{ source_pod: ["shop/"] }, { destination_pod: ["shop/"] }], blacklist: [],
    matches: [webToDb80, intoShop], rejects: [otherTo80, dnsLookup] },
  { name: "hubble observe --namespace shop --not --to-port 443", whitelist: [{ source_pod: ["shop/"] }, { destination_pod: ["shop/"] }],
    blacklist: [{ destination_port: ["443"] }], matches: [webToDb80, intoShop], rejects: [webToDb443, otherTo80] },
];
