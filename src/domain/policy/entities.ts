// fromEntities/toEntities: named groups of identities (`pkg/policy/api/entity.go`).
// `all` is Cilium's wildcard selector: it selects every identity and produces the identity-0
// policy-map keys, which is why allow-all shows up as policy-verdict `all` rather than `L3-Only`.

import { ENTITY_NAMES } from "./schema.ts";
import { CLUSTER_LABEL, type IdentityLabel } from "./endpoint.ts";

/** An entity name accepted by the CRD. */
export type EntityName = (typeof ENTITY_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(ENTITY_NAMES);

/** Type guard for entity names. */
export function isEntityName(text: string): text is EntityName {
  return NAMES.has(text);
}

/** The reserved identities `cluster` covers besides the local cluster's pods (`InitEntities`). */
const CLUSTER_RESERVED = ["host", "remote-node", "init", "ingress", "health", "unmanaged", "kube-apiserver"];

function hasReserved(labels: readonly IdentityLabel[], name: string): boolean {
  return labels.some((label) => label.source === "reserved" && label.key === name);
}

/**
 * How an entity matches a peer: `wildcard` for `all` (every identity, identity-0 keys), `true`
 * when the peer belongs to the entity, `false` otherwise.
 */
export function entityMatches(entity: EntityName, labels: readonly IdentityLabel[], localCluster: string): "wildcard" | boolean {
  switch (entity) {
    case "all":
      return "wildcard";
    case "none":
      return false;
    case "world":
      return hasReserved(labels, "world") || hasReserved(labels, "world-ipv4") || hasReserved(labels, "world-ipv6");
    case "cluster":
      return (
        CLUSTER_RESERVED.some((name) => hasReserved(labels, name)) ||
        labels.some((label) => label.source === "k8s" && label.key === CLUSTER_LABEL && label.value === localCluster)
      );
    default:
      return hasReserved(labels, entity);
  }
}
