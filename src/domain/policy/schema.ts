// The cilium.io/v2 CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy structural schema, as data.
//
// Transcribed from cilium/cilium `pkg/policy/api` (rule.go, ingress.go, egress.go, l4.go, http.go,
// kafka, fqdn.go, cidr.go, icmp.go, service.go, groups.go, entity.go, selector.go) as of the 1.17/1.18
// CRDs. The API server prunes any field not listed here and rejects values of the wrong type; the
// linter walks documents against this tree to say so. Value rules the CRD cannot express (port
// syntax, CIDR syntax, regexes) are checked where rules are built, not here.

/** A node of the schema tree. `object` nodes list every field the CRD keeps. */
export type SchemaNode =
  | { readonly type: "string"; readonly enum?: readonly string[] }
  | { readonly type: "integer"; readonly minimum?: number; readonly maximum?: number }
  | { readonly type: "boolean" }
  | { readonly type: "int-or-string" }
  | { readonly type: "array"; readonly items: SchemaNode }
  | { readonly type: "map"; readonly values: SchemaNode }
  | { readonly type: "object"; readonly name: string; readonly fields: Readonly<Record<string, SchemaNode>> }
  | { readonly type: "any" };

const str: SchemaNode = { type: "string" };
const bool: SchemaNode = { type: "boolean" };
const any: SchemaNode = { type: "any" };
const strList: SchemaNode = { type: "array", items: str };
const enumOf = (...values: string[]): SchemaNode => ({ type: "string", enum: values });
const list = (items: SchemaNode): SchemaNode => ({ type: "array", items });
const obj = (name: string, fields: Record<string, SchemaNode>): SchemaNode => ({ type: "object", name, fields });

/** Entity names accepted by fromEntities/toEntities (`pkg/policy/api/entity.go`). */
export const ENTITY_NAMES = [
  "all",
  "world",
  "world-ipv4",
  "world-ipv6",
  "cluster",
  "host",
  "init",
  "ingress",
  "unmanaged",
  "remote-node",
  "health",
  "none",
  "kube-apiserver",
] as const;

/** Label selector operators Kubernetes accepts in matchExpressions. */
export const SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;

/** `toPorts[].ports[].protocol` values; `ANY` (or empty) expands to TCP, UDP and SCTP. */
export const PORT_PROTOCOLS = ["TCP", "UDP", "SCTP", "ANY"] as const;

const endpointSelector = obj("EndpointSelector", {
  matchLabels: { type: "map", values: str },
  matchExpressions: list(
    obj("LabelSelectorRequirement", { key: str, operator: enumOf(...SELECTOR_OPERATORS), values: strList }),
  ),
});

const secret = obj("Secret", { namespace: str, name: str });

const cidrRule = obj("CIDRRule", {
  cidr: str,
  cidrGroupRef: str,
  cidrGroupSelector: endpointSelector,
  except: strList,
});

const icmpRule = obj("ICMPRule", {
  fields: list(obj("ICMPField", { family: enumOf("IPv4", "IPv6"), type: { type: "int-or-string" } })),
});

const authentication = obj("Authentication", { mode: enumOf("disabled", "required", "test-always-fail") });

const groups = obj("Groups", {
  aws: obj("AWSGroup", {
    labels: { type: "map", values: str },
    securityGroupsIds: strList,
    securityGroupsNames: strList,
    region: str,
  }),
});

const service = obj("Service", {
  k8sServiceSelector: obj("K8sServiceSelectorNamespace", { selector: endpointSelector, namespace: str }),
  k8sService: obj("K8sServiceNamespace", { serviceName: str, namespace: str }),
});

const portProtocol = obj("PortProtocol", {
  port: str,
  endPort: { type: "integer", minimum: 0, maximum: 65535 },
  protocol: enumOf(...PORT_PROTOCOLS),
});

const tlsContext = obj("TLSContext", { secret, trustedCA: str, certificate: str, privateKey: str });

const portRuleHTTP = obj("PortRuleHTTP", {
  path: str,
  method: str,
  host: str,
  headers: strList,
  headerMatches: list(
    obj("HeaderMatch", { mismatch: enumOf("LOG", "ADD", "DELETE", "REPLACE"), name: str, secret, value: str }),
  ),
});

const kafkaRule = obj("PortRuleKafka", {
  role: enumOf("produce", "consume"),
  apiKey: str,
  apiVersion: str,
  clientID: str,
  topic: str,
});

const dnsSelector = (name: string): SchemaNode => obj(name, { matchName: str, matchPattern: str });

const l7Rules = obj("L7Rules", {
  http: list(portRuleHTTP),
  kafka: list(kafkaRule),
  dns: list(dnsSelector("PortRuleDNS")),
  l7proto: str,
  l7: list({ type: "map", values: str }),
});

const portRule = obj("PortRule", {
  ports: list(portProtocol),
  terminatingTLS: tlsContext,
  originatingTLS: tlsContext,
  serverNames: strList,
  listener: obj("Listener", {
    envoyConfig: obj("EnvoyConfig", { kind: enumOf("CiliumEnvoyConfig", "CiliumClusterwideEnvoyConfig"), name: str }),
    name: str,
    priority: { type: "integer", minimum: 1, maximum: 100 },
  }),
  rules: l7Rules,
});

const portDenyRule = obj("PortDenyRule", { ports: list(portProtocol) });

const entities = list(enumOf(...ENTITY_NAMES));

const ingressCommon = {
  fromEndpoints: list(endpointSelector),
  fromRequires: list(endpointSelector),
  fromCIDR: strList,
  fromCIDRSet: list(cidrRule),
  fromEntities: entities,
  fromGroups: list(groups),
  fromNodes: list(endpointSelector),
  icmps: list(icmpRule),
};

const egressCommon = {
  toEndpoints: list(endpointSelector),
  toRequires: list(endpointSelector),
  toCIDR: strList,
  toCIDRSet: list(cidrRule),
  toEntities: entities,
  toServices: list(service),
  toGroups: list(groups),
  toNodes: list(endpointSelector),
  icmps: list(icmpRule),
};

/** The rule body shared by `spec` and each `specs[]` entry (`api.Rule`). */
export const RULE_SCHEMA = obj("Rule", {
  endpointSelector,
  nodeSelector: endpointSelector,
  ingress: list(obj("IngressRule", { ...ingressCommon, toPorts: list(portRule), authentication })),
  ingressDeny: list(obj("IngressDenyRule", { ...ingressCommon, toPorts: list(portDenyRule) })),
  egress: list(
    obj("EgressRule", {
      ...egressCommon,
      toPorts: list(portRule),
      toFQDNs: list(dnsSelector("FQDNSelector")),
      authentication,
    }),
  ),
  egressDeny: list(obj("EgressDenyRule", { ...egressCommon, toPorts: list(portDenyRule) })),
  labels: list(obj("Label", { key: str, value: str, source: str })),
  enableDefaultDeny: obj("DefaultDenyConfig", { ingress: bool, egress: bool }),
  description: str,
  log: obj("LogConfig", { value: str }),
});

/** The whole resource: TypeMeta, ObjectMeta (validated by Kubernetes itself), spec/specs, status. */
export const DOCUMENT_SCHEMA = obj("CiliumNetworkPolicy", {
  apiVersion: str,
  kind: str,
  metadata: obj("ObjectMeta", {
    name: str,
    namespace: str,
    generateName: str,
    labels: { type: "map", values: str },
    annotations: { type: "map", values: str },
    uid: any,
    resourceVersion: any,
    generation: any,
    creationTimestamp: any,
    deletionTimestamp: any,
    deletionGracePeriodSeconds: any,
    ownerReferences: any,
    finalizers: any,
    managedFields: any,
    selfLink: any,
  }),
  spec: RULE_SCHEMA,
  specs: list(RULE_SCHEMA),
  status: any,
});
