// Compiles FlowFilters the way Hubble's filters.BuildFilterList does (facts C.1): one predicate
// per non-empty field, AND across fields, OR inside a field; whitelist = any (empty = all),
// blacklist = none. Fields are visited in Hubble's DefaultFilters order, so when a filter has
// several invalid fields the same one is reported.
import { type Flow, type FlowFilter } from "../../gen/flow/flow_pb.ts";
import {
  clusterNamePredicate,
  fqdnPredicate,
  identityPredicate,
  labelPredicate,
  nodeLabelPredicate,
  podPredicate,
  servicePredicate,
  workloadPredicate,
} from "./endpoint-matchers.ts";
import {
  dropReasonPredicate,
  eventTypePredicate,
  interfacePredicate,
  ipTraceIdPredicate,
  nodeNamePredicate,
  rejectCelExpressions,
  replyPredicate,
  traceIdPredicate,
  trafficDirectionPredicate,
  uuidPredicate,
  verdictPredicate,
} from "./flow-matchers.ts";
import { type FlowPredicate, InvalidFilterError, allOf, anyOf } from "./invalid-filter-error.ts";
import {
  encryptedPredicate,
  ipPredicate,
  ipVersionPredicate,
  portPredicate,
  protocolPredicate,
  tcpFlagsPredicate,
} from "./l4-matchers.ts";
import {
  dnsQueryPredicate,
  httpHeaderPredicate,
  httpMethodPredicate,
  httpPathPredicate,
  httpStatusCodePredicate,
  httpUrlPredicate,
  requireHttpCompatibleEventTypes,
} from "./l7-matchers.ts";

function httpPredicates(f: FlowFilter): (FlowPredicate | undefined)[] {
  const guard = (values: readonly unknown[], field: string, what: string) => {
    if (values.length > 0) requireHttpCompatibleEventTypes(f.eventType, field, what);
  };
  guard(f.httpStatusCode, "http_status_code", "http status code");
  const status = httpStatusCodePredicate(f.httpStatusCode);
  guard(f.httpMethod, "http_method", "http method");
  const method = httpMethodPredicate(f.httpMethod);
  guard(f.httpPath, "http_path", "http path");
  const path = httpPathPredicate(f.httpPath);
  guard(f.httpUrl, "http_url", "http url");
  const url = httpUrlPredicate(f.httpUrl);
  guard(f.httpHeader, "http_header", "http headers");
  return [status, method, path, url, httpHeaderPredicate(f.httpHeader)];
}

/**
 * Compiles one FlowFilter into a predicate (all non-empty fields must match). Regexps, CIDRs,
 * selectors and sets are built here once; the predicate itself allocates nothing per flow on
 * the common paths.
 * @throws InvalidFilterError naming the offending field, e.g. `source_pod[0]: name must not be empty`.
 */
export function compileFlowFilter(filter: FlowFilter): FlowPredicate {
  const f = filter;
  // Order follows Hubble's filters.DefaultFilters.
  const candidates: (FlowPredicate | undefined)[] = [
    uuidPredicate(f.uuid),
    eventTypePredicate(f.eventType),
    verdictPredicate(f.verdict),
    dropReasonPredicate(f.dropReasonDesc),
    replyPredicate(f.reply),
    encryptedPredicate(f.encrypted),
    identityPredicate(f.sourceIdentity, "source"),
    identityPredicate(f.destinationIdentity, "destination"),
    protocolPredicate(f.protocol),
    ipPredicate(f.sourceIp, "source_ip"),
    ipPredicate(f.destinationIp, "destination_ip"),
    ipPredicate(f.sourceIpXlated, "source_ip_xlated"),
    podPredicate(f.sourcePod, "source"),
    podPredicate(f.destinationPod, "destination"),
    workloadPredicate(f.sourceWorkload, "source"),
    workloadPredicate(f.destinationWorkload, "destination"),
    servicePredicate(f.sourceService, "source"),
    servicePredicate(f.destinationService, "destination"),
    fqdnPredicate(f.sourceFqdn, "source"),
    fqdnPredicate(f.destinationFqdn, "destination"),
    dnsQueryPredicate(f.dnsQuery),
    labelPredicate(f.sourceLabel, "source"),
    labelPredicate(f.destinationLabel, "destination"),
    nodeLabelPredicate(f.nodeLabels),
    portPredicate(f.sourcePort, "source_port"),
    portPredicate(f.destinationPort, "destination_port"),
    ...httpPredicates(f),
    tcpFlagsPredicate(f.tcpFlags),
    nodeNamePredicate(f.nodeName),
    clusterNamePredicate(f.sourceClusterName, "source"),
    clusterNamePredicate(f.destinationClusterName, "destination"),
    ipVersionPredicate(f.ipVersion),
    traceIdPredicate(f.traceId),
    trafficDirectionPredicate(f.trafficDirection),
  ];
  rejectCelExpressions(f.experimental);
  candidates.push(interfacePredicate(f.interface), ipTraceIdPredicate(f.ipTraceId));
  return allOf(candidates.filter((p): p is FlowPredicate => p !== undefined));
}

/**
 * Checks a FlowFilter without keeping the predicate.
 * @returns the error Hubble would answer with (INVALID_ARGUMENT), or undefined when valid.
 */
export function validateFlowFilter(filter: FlowFilter): InvalidFilterError | undefined {
  try {
    compileFlowFilter(filter);
    return undefined;
  } catch (e) {
    if (e instanceof InvalidFilterError) return e;
    throw e;
  }
}

/** The filter lists of a GetFlowsRequest (or anything shaped like one). */
export interface FilterLists {
  readonly whitelist?: readonly FlowFilter[];
  readonly blacklist?: readonly FlowFilter[];
}

function compileList(filters: readonly FlowFilter[], list: "whitelist" | "blacklist"): FlowPredicate[] {
  return filters.map((filter, i) => {
    try {
      return compileFlowFilter(filter);
    } catch (e) {
      throw e instanceof InvalidFilterError ? e.within(`${list}[${i}]`) : e;
    }
  });
}

/**
 * Compiles a request's whitelist and blacklist: a flow passes when it matches at least one
 * whitelist filter (an empty whitelist matches everything) and no blacklist filter.
 * @throws InvalidFilterError with a field such as `whitelist[1].source_ip[0]`.
 */
export function compileFilters(lists: FilterLists): (flow: Flow) => boolean {
  const allowed = anyOf(compileList(lists.whitelist ?? [], "whitelist"), true);
  const denied = anyOf(compileList(lists.blacklist ?? [], "blacklist"), false);
  return (flow) => allowed(flow) && !denied(flow);
}
