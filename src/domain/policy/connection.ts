// The inputs of an evaluation: a connection between two endpoints and the agent settings that
// change how policy applies.

import type { ConnectionProtocol } from "./types.ts";
import type { EndpointModel } from "./endpoint.ts";

/** A connection attempt, described from the source's point of view. */
export interface Connection {
  readonly source: EndpointModel;
  readonly destination: EndpointModel;
  readonly protocol: ConnectionProtocol;
  /** Destination port (TCP, UDP, SCTP). */
  readonly port?: number;
  /** ICMP type for ICMP/ICMPv6 (8 = echo request). */
  readonly icmpType?: number;
  /** Addresses used for CIDR rules; default: the endpoints' first IP. */
  readonly sourceIp?: string;
  readonly destinationIp?: string;
  /**
   * Names the DNS proxy saw resolve to the destination IP (Hubble's `destination_names`). toFQDNs
   * rules only select an IP learnt this way: a lookup that bypassed the proxy teaches Cilium nothing.
   */
  readonly destinationNames?: readonly string[];
}

/** Agent settings that change how policy applies. */
export interface EvaluateOptions {
  /** Local cluster name (`cluster` entity, `io.cilium.k8s.policy.cluster`); default `default`. */
  readonly clusterName?: string;
  /** The agent's policyEnforcementMode; default `default`. */
  readonly enforcementMode?: "default" | "always" | "never";
  /** policyAuditMode: drops are reported as AUDIT and the traffic passes. Default false. */
  readonly auditMode?: boolean;
  /** Traffic from the local host to its endpoints is always allowed (allow-localhost); default true. */
  readonly allowLocalhost?: boolean;
}

/** EvaluateOptions with defaults filled in. */
export interface EvaluateOptionsResolved {
  readonly clusterName: string;
  readonly enforcementMode: "default" | "always" | "never";
  readonly auditMode: boolean;
  readonly allowLocalhost: boolean;
}

/** Fills in the defaults. */
export function resolveOptions(options: EvaluateOptions): EvaluateOptionsResolved {
  return {
    clusterName: options.clusterName ?? "default",
    enforcementMode: options.enforcementMode ?? "default",
    auditMode: options.auditMode ?? false,
    allowLocalhost: options.allowLocalhost ?? true,
  };
}
