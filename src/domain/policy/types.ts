// The normalized rule model the evaluator works on. Parsing turns YAML into these types once:
// namespaces are already implied into selectors, regexes compiled, ports expanded per protocol,
// so evaluation does no string work beyond matching.

import type { Policy } from "../../gen/flow/flow_pb.ts";
import type { EntityName } from "./entities.ts";
import type { Cidr } from "./cidr.ts";
import type { NameMatcher } from "./l7-dns.ts";
import type { HttpRule } from "./l7-http.ts";
import type { KafkaRule } from "./l7-kafka.ts";

/** The two policy resources this engine understands. */
export type PolicyKind = "CiliumNetworkPolicy" | "CiliumClusterwideNetworkPolicy";

/**
 * A policy as Hubble names it in `ingress_allowed_by`, `egress_denied_by`, …: the fields of
 * `flow.Policy` except `revision`, which only a live agent knows.
 */
export type PolicyRef = Pick<Policy, "name" | "namespace" | "kind" | "labels">;

/** Transport protocols a port rule can name (`ANY` is expanded into these three). */
export type PortProtocol = "TCP" | "UDP" | "SCTP";

/** Protocols a connection can have. */
export type ConnectionProtocol = PortProtocol | "ICMP" | "ICMPv6";

/** Label selector operator. */
export type Operator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/**
 * One selector requirement on a label. `source` is the Cilium label source (`k8s`, `reserved`, …)
 * or `any` when the selector key had no `source:` prefix, which matches labels of every source.
 */
export interface Requirement {
  readonly source: string;
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A compiled EndpointSelector: all requirements must hold (matchLabels become `In` with one value). */
export interface Selector {
  readonly requirements: readonly Requirement[];
}

/** One L3 peer description from a rule. */
export type Peer =
  | { readonly kind: "endpoints"; readonly selector: Selector }
  | { readonly kind: "nodes"; readonly selector: Selector }
  | { readonly kind: "entity"; readonly entity: EntityName }
  | { readonly kind: "cidr"; readonly cidr: Cidr; readonly except: readonly Cidr[] }
  | { readonly kind: "fqdn"; readonly name: NameMatcher }
  /** toServices, toGroups, cidrGroupRef: need cluster state this engine does not have; never match. */
  | { readonly kind: "unsupported"; readonly field: string };

/** L7 rules attached to a port; the parser decides which proxy the traffic is redirected to. */
export type L7Policy =
  | { readonly parser: "http"; readonly rules: readonly HttpRule[] }
  | { readonly parser: "dns"; readonly rules: readonly NameMatcher[] }
  | { readonly parser: "kafka"; readonly rules: readonly KafkaRule[] }
  /** serverNames / TLS contexts without L7 rules: the proxy checks SNI only. */
  | { readonly parser: "tls"; readonly serverNames: readonly string[] }
  /** A CiliumEnvoyConfig listener. */
  | { readonly parser: "envoy"; readonly listener: string }
  /** `l7proto` with key-value rules, handled by a proxylib parser. */
  | { readonly parser: "generic"; readonly l7proto: string };

/** The proxy kinds a connection can be redirected to. */
export type ProxyKind = L7Policy["parser"];

/**
 * One port (or port range, named port, ICMP type) a rule allows or denies. `port` 0 means every
 * port of `protocol`. For ICMP, `port` holds the ICMP type.
 */
export interface PortKey {
  readonly protocol: ConnectionProtocol;
  readonly port: number;
  /** Last port of a range; equal to `port` for a single port. */
  readonly endPort: number;
  /** Named port (`http`), resolved against the destination endpoint's container ports. */
  readonly name?: string;
  readonly l7?: L7Policy;
}

/** One entry of ingress/ingressDeny/egress/egressDeny, normalized. */
export interface PeerRule {
  /** Where it came from, e.g. `spec.ingress[1]`. */
  readonly path: string;
  readonly deny: boolean;
  /**
   * `null`: a peer field was given as an empty list, which selects nothing. Empty array: no peer
   * field at all (any peer when ports are listed; nothing when the rule is `{}`).
   */
  readonly peers: readonly Peer[] | null;
  /** Empty: an L3-only rule (all ports, all protocols). */
  readonly ports: readonly PortKey[];
}

/** One rule (`spec` or an entry of `specs`) of a policy, ready to evaluate. */
export interface PolicyRule {
  readonly policy: PolicyRef;
  /** `spec` or `specs[i]`. */
  readonly path: string;
  /** Namespace of a CiliumNetworkPolicy; empty for a clusterwide policy. */
  readonly namespace: string;
  /** Who the rule applies to: pods (endpointSelector) or nodes (nodeSelector, clusterwide only). */
  readonly subject: { readonly node: boolean; readonly selector: Selector };
  readonly ingress: readonly PeerRule[];
  readonly egress: readonly PeerRule[];
  /** The direction has at least one allow or deny entry (Cilium: `len(Ingress)+len(IngressDeny) > 0`). */
  readonly hasIngress: boolean;
  readonly hasEgress: boolean;
  /** enableDefaultDeny per direction; unset means true. */
  readonly defaultDenyIngress: boolean;
  readonly defaultDenyEgress: boolean;
  /** fromRequires/toRequires selectors; they constrain every endpoint selector of rules that select the same endpoint. */
  readonly ingressRequires: readonly Selector[];
  readonly egressRequires: readonly Selector[];
}
