import { describe, expect, it } from "vitest";
import { parsePolicyObject, parsePolicyYaml } from "./parse.ts";
import { formatDiagnostic } from "./diagnostics.ts";

const HEAD = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n";

/** A CNP whose spec is `body` (indented two spaces under `spec:`). */
const cnp = (body: string): string => `${HEAD}spec:\n${body.replace(/^/gm, "  ")}\n`;

/** Diagnostics as `severity path: message` lines. */
const problems = (text: string): string[] => parsePolicyYaml(text).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

describe("parsePolicyYaml: documents and metadata", () => {
  it.each([
    ["no kind", "apiVersion: cilium.io/v2\nmetadata: {name: p}\n", /^error : kind is required/],
    ["another kind is skipped", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", /^warning kind: kind Service is not a Cilium network policy; document skipped$/],
    ["wrong apiVersion", "apiVersion: cilium.io/v1\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec: {endpointSelector: {}}\n", /^error apiVersion: apiVersion must be cilium.io\/v2/],
    ["no name", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {}\nspec: {endpointSelector: {}}\n", /^error metadata: metadata.name is required$/],
    ["bad name", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: Foo_Bar}\nspec: {endpointSelector: {}}\n", /^error metadata.name: "Foo_Bar" is not a valid name/],
    ["not a mapping", "- a\n- b\n", /^error : a policy document must be a mapping, not array$/],
    ["no spec", `${HEAD}`, /^error : spec or specs is required$/],
    ["no selector", cnp("ingress: [{}]"), /^error spec: endpointSelector \(or, in a clusterwide policy, nodeSelector\) is required$/],
    ["both selectors", cnp("endpointSelector: {}\nnodeSelector: {}"), /^error spec: endpointSelector and nodeSelector are mutually exclusive$/],
    ["nodeSelector in a CNP", cnp("nodeSelector: {}\ningress: [{}]"), /^error spec.nodeSelector: nodeSelector can only be used in a CiliumClusterwideNetworkPolicy$/],
    ["CCNP namespace", "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: p, namespace: x}\nspec: {endpointSelector: {}, ingress: [{}]}\n", /^warning metadata.namespace: a clusterwide policy has no namespace/],
    ["rule without sections", cnp("endpointSelector: {}"), /^warning spec: no ingress, ingressDeny, egress or egressDeny section/],
  ])("%s", (_name, text, expected) => {
    expect(problems(text)).toContainEqual(expect.stringMatching(expected));
  });

  it.each([
    ["a CNP without namespace lands in the caller's namespace", `${HEAD}spec: {endpointSelector: {}, ingress: [{}]}\n`, { namespace: "shop" }, "shop"],
    ["…which defaults to default", `${HEAD}spec: {endpointSelector: {}, ingress: [{}]}\n`, {}, "default"],
    ["an explicit namespace wins", `${HEAD}  namespace: prod\nspec: {endpointSelector: {}, ingress: [{}]}\n`, { namespace: "shop" }, "prod"],
    ["a CCNP has none", "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: p}\nspec: {endpointSelector: {}, ingress: [{}]}\n", { namespace: "shop" }, ""],
  ])("%s", (_name, text, options, namespace) => {
    const [policy] = parsePolicyYaml(text, options).policies;
    expect([policy?.namespace, policy?.ref.namespace, policy?.valid]).toEqual([namespace, namespace, true]);
  });

  it("reads spec and specs, and several documents", () => {
    const text = `${HEAD}spec: {endpointSelector: {}, ingress: [{}]}\nspecs:\n  - {endpointSelector: {}, egress: [{}]}\n  - {endpointSelector: {}, egress: [{}]}\n---\n---\n${HEAD.replace("name: p", "name: q")}spec: {endpointSelector: {}, ingress: [{}]}\n`;
    const { policies, diagnostics } = parsePolicyYaml(text);
    expect(diagnostics).toEqual([]);
    expect(policies.map((p) => [p.name, p.rules.map((r) => r.path), p.line])).toEqual([
      ["p", ["spec", "specs[0]", "specs[1]"], 1],
      ["q", ["spec"], 11],
    ]);
  });

  it("parses plain objects too, without line numbers", () => {
    const result = parsePolicyObject({ apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: "p" }, spec: { endpointSelector: {}, ingress: [{ bogus: 1 }] } });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["warning: spec.ingress[0].bogus: not a CiliumNetworkPolicy field; the API server prunes it"]);
  });
});

describe("parsePolicyYaml: unknown fields and types (the CRD schema)", () => {
  it.each([
    ["namespaceSelector", "endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels: {app: a}\n    namespaceSelector: {matchLabels: {name: x}}", "warning spec.ingress[0].fromEndpoints[0].namespaceSelector: not a CiliumNetworkPolicy field; the API server prunes it; name the namespace with the label io.kubernetes.pod.namespace"],
    ["toFQDNs in a deny rule", "endpointSelector: {}\negressDeny:\n- toFQDNs: [{matchName: a.com}]", "warning spec.egressDeny[0].toFQDNs: not a CiliumNetworkPolicy field; the API server prunes it; toFQDNs is only allowed in egress"],
    ["L7 rules in a deny rule", "endpointSelector: {}\ningressDeny:\n- toPorts: [{ports: [{port: '80'}], rules: {http: [{}]}}]", "warning spec.ingressDeny[0].toPorts[0].rules: not a CiliumNetworkPolicy field; the API server prunes it; deny rules cannot carry L7 rules"],
    ["port as a number", "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: 80}]}]", 'error spec.ingress[0].toPorts[0].ports[0].port: must be a string, not integer (quote it: "80")'],
    ["numeric label value", "endpointSelector: {matchLabels: {version: 1}}\ningress: [{}]", 'error spec.endpointSelector.matchLabels.version: must be a string, not integer (quote it: "1")'],
    ["endPort as a string", "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: '80', endPort: '90'}]}]", "error spec.ingress[0].toPorts[0].ports[0].endPort: must be an integer, not string (write it without quotes)"],
    ["bad protocol", "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: '80', protocol: tcp}]}]", 'error spec.ingress[0].toPorts[0].ports[0].protocol: must be one of TCP, UDP, SCTP, ANY, not "tcp"'],
    ["bad entity", "endpointSelector: {}\ningress:\n- fromEntities: [everything]", 'error spec.ingress[0].fromEntities[0]: must be one of all, world'],
    ["bad operator", "endpointSelector:\n  matchExpressions: [{key: app, operator: Equals, values: [a]}]\ningress: [{}]", 'error spec.endpointSelector.matchExpressions[0].operator: must be one of In, NotIn, Exists, DoesNotExist, not "Equals"'],
    ["ingress is a mapping", "endpointSelector: {}\ningress: {fromEntities: [all]}", "error spec.ingress: must be a list, not object"],
    ["null section", "endpointSelector: {}\ningress:\negress: [{}]", "warning spec.ingress: null; the API server drops it, as if the field were absent"],
  ])("%s", (_name, body, expected) => {
    expect(problems(cnp(body))).toContainEqual(expect.stringContaining(expected));
  });
});

describe("parsePolicyYaml: values Cilium rejects or ignores", () => {
  it.each([
    ["port out of range", "toPorts: [{ports: [{port: '99999'}]}]", "error spec.ingress[0].toPorts[0].ports[0].port: port 99999 is out of range 0-65535"],
    ["port with a slash", "toPorts: [{ports: [{port: '80/tcp'}]}]", 'error spec.ingress[0].toPorts[0].ports[0].port: "80/tcp" is neither a port number'],
    ["endPort below port", "toPorts: [{ports: [{port: '80', endPort: 70}]}]", "error spec.ingress[0].toPorts[0].ports[0].endPort: endPort 70 is lower than port 80"],
    ["endPort with a named port", "toPorts: [{ports: [{port: http, endPort: 90}]}]", "error spec.ingress[0].toPorts[0].ports[0].endPort: endPort cannot be used with a named port"],
    ["missing port", "toPorts: [{ports: [{protocol: TCP}]}]", "error spec.ingress[0].toPorts[0].ports[0].port: port is required"],
    ["L7 on port 0", "toPorts: [{ports: [{port: '0'}], rules: {http: [{}]}}]", "error spec.ingress[0].toPorts[0].ports[0].port: L7 rules cannot be used with port 0"],
    ["two L7 protocols", "toPorts: [{ports: [{port: '80'}], rules: {http: [{}], kafka: [{}]}}]", "error spec.ingress[0].toPorts[0].rules: only one L7 protocol per port rule is allowed, found http, kafka"],
    ["DNS rules on ingress", "toPorts: [{ports: [{port: '53'}], rules: {dns: [{matchPattern: '*'}]}}]", "error spec.ingress[0].toPorts[0].rules.dns: DNS rules are only allowed on egress"],
    ["bad regex", "toPorts: [{ports: [{port: '80'}], rules: {http: [{path: '/a('}]}}]", "error spec.ingress[0].toPorts[0].rules.http[0].path: invalid regular expression"],
    ["lookahead", "toPorts: [{ports: [{port: '80'}], rules: {http: [{path: '/(?!admin)'}]}}]", "error spec.ingress[0].toPorts[0].rules.http[0].path: RE2 (Envoy's regex engine) does not support lookahead/lookbehind"],
    ["backreference", "toPorts: [{ports: [{port: '80'}], rules: {http: [{method: '(GET)\\1'}]}}]", "error spec.ingress[0].toPorts[0].rules.http[0].method: RE2 (Envoy's regex engine) does not support backreferences"],
    ["CIDR prefix too long", "fromCIDR: [10.0.0.0/33]", 'error spec.ingress[0].fromCIDR[0]: "10.0.0.0/33" is not a CIDR'],
    ["CIDR without prefix", "fromCIDR: [10.0.0.1]", 'error spec.ingress[0].fromCIDR[0]: "10.0.0.1" is not a CIDR'],
    ["CIDR octet", "fromCIDRSet: [{cidr: 300.1.1.0/24}]", 'error spec.ingress[0].fromCIDRSet[0].cidr: "300.1.1.0/24" is not a CIDR'],
    ["except outside the CIDR", "fromCIDRSet: [{cidr: 10.0.0.0/8, except: [192.168.0.0/16]}]", "warning spec.ingress[0].fromCIDRSet[0].except[0]: 192.168.0.0/16 is not inside 10.0.0.0/8"],
    ["In without values", "fromEndpoints: [{matchExpressions: [{key: app, operator: In}]}]", "error spec.ingress[0].fromEndpoints[0].matchExpressions[0].values: values must be non-empty for operator In"],
    ["Exists with values", "fromEndpoints: [{matchExpressions: [{key: app, operator: Exists, values: [a]}]}]", "error spec.ingress[0].fromEndpoints[0].matchExpressions[0].values: values must be empty for operator Exists"],
    ["bad label value", "fromEndpoints: [{matchLabels: {app: 'a b'}}]", 'error spec.ingress[0].fromEndpoints[0].matchLabels.app: label value "a b" is invalid'],
    ["bad label key", "fromEndpoints: [{matchLabels: {'-app': a}}]", 'error spec.ingress[0].fromEndpoints[0].matchLabels["-app"]: label key "-app" is not a valid label name'],
    ["two peer kinds in one rule", "fromEndpoints: [{}]\n  fromCIDR: [10.0.0.0/8]", "error spec.ingress[0]: fromEndpoints and fromCIDR cannot be combined in one rule"],
    ["icmps with toPorts", "toPorts: [{ports: [{port: '80'}]}]\n  icmps: [{fields: [{type: 8}]}]", "error spec.ingress[0].icmps: icmps may only be used without toPorts"],
    ["bad ICMP type name", "icmps: [{fields: [{type: Ping}]}]", 'error spec.ingress[0].icmps[0].fields[0].type: "Ping" is not an IPv4 ICMP type name'],
    ["empty peer list", "fromEndpoints: []", "warning spec.ingress[0].fromEndpoints: an empty fromEndpoints list selects no peer"],
    ["literal header value", "toPorts: [{ports: [{port: '80'}], rules: {http: [{headers: ['X-Token: .*']}]}}]", "warning spec.ingress[0].toPorts[0].rules.http[0].headers[0]: header values are compared literally"],
    ["HTTP rules on UDP", "toPorts: [{ports: [{port: '80', protocol: UDP}], rules: {http: [{}]}}]", "warning spec.ingress[0].toPorts[0].ports[0].protocol: http rules only apply to TCP"],
    ["fromRequires", "fromRequires: [{matchLabels: {env: prod}}]", "warning spec.ingress[0].fromRequires: fromRequires is deprecated since Cilium 1.17"],
    ["fromGroups", "fromGroups: [{aws: {securityGroupsIds: [sg-1]}}]", "warning spec.ingress[0].fromGroups: fromGroups is not simulated"],
  ])("%s", (_name, entry, expected) => {
    expect(problems(cnp(`endpointSelector: {}\ningress:\n- ${entry}`))).toContainEqual(expect.stringContaining(expected));
  });

  it.each([
    ["empty ingress list", "ingress: []", "warning spec.ingress: an empty list is the same as no ingress section: it does not put endpoints into ingress default deny (write `ingress: [{}]` for that)"],
    ["another namespace in a CNP subject", "endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: other}}\ningress: [{}]", "warning spec.endpointSelector: a CiliumNetworkPolicy only selects pods of its own namespace (default); this selector names another one and selects nothing"],
    ["egress DNS with a port range", "egress: [{toPorts: [{ports: [{port: '53', endPort: 54}], rules: {dns: [{matchName: a.com}]}}]}]", "error spec.egress[0].toPorts[0].ports[0].endPort: DNS rules do not support port ranges"],
    ["bad matchPattern", "egress: [{toFQDNs: [{matchPattern: 'a[0-9].com'}]}]", 'error spec.egress[0].toFQDNs[0].matchPattern: "a[0-9].com" has characters a matchPattern cannot'],
    ["FQDN selector without a name", "egress: [{toFQDNs: [{}]}]", "error spec.egress[0].toFQDNs[0]: matchName or matchPattern is required"],
    ["unknown Kafka API key", "egress: [{toPorts: [{ports: [{port: '9092'}], rules: {kafka: [{apiKey: consume}]}}]}]", 'error spec.egress[0].toPorts[0].rules.kafka[0].apiKey: "consume" is not a Kafka API key'],
    ["toServices", "egress: [{toServices: [{k8sService: {serviceName: s, namespace: n}}]}]", "warning spec.egress[0].toServices: toServices is not simulated"],
  ])("%s", (_name, body, expected) => {
    const text = body.startsWith("endpointSelector") ? cnp(body) : cnp(`endpointSelector: {}\n${body}`);
    expect(problems(text)).toContainEqual(expect.stringContaining(expected));
  });
});

describe("parsePolicyYaml: positions and robustness", () => {
  it("gives file, line and column of the offending key", () => {
    const text = cnp("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels: {app: a}\n    namespaceSelector: {}");
    const [diagnostic] = parsePolicyYaml(text, { file: "p.yaml" }).diagnostics;
    expect(diagnostic).toMatchObject({ file: "p.yaml", line: 10, column: 7 });
    expect(formatDiagnostic(diagnostic ?? { severity: "error", path: "", message: "" })).toMatch(/^p\.yaml:10: warning: spec\.ingress\[0\]\.fromEndpoints\[0\]\.namespaceSelector: /);
  });

  it("reports YAML errors with their line and keeps the other documents", () => {
    const text = `${HEAD}spec: {endpointSelector: {}, ingress: [{}]}\n---\nkind: [\n---\n${HEAD}spec: {endpointSelector: {}, egress: [{}]}\n`;
    const { policies, diagnostics } = parsePolicyYaml(text, { file: "f.yaml" });
    expect(policies).toHaveLength(2);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", file: "f.yaml", path: "" });
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(7);
  });

  it("reports duplicate keys", () => {
    expect(problems(`${HEAD}  name: q\nspec: {endpointSelector: {}}\n`)).toContainEqual(expect.stringMatching(/^error : YAML: Map keys must be unique/));
  });

  const billionLaughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");

  it.each([
    ["empty", "", 0],
    ["only separators", "---\n---\n", 0],
    ["null document", "null\n", 0],
    ["a number", "42\n", 1],
    ["unterminated flow", "{a: [\n", 1],
    ["spec is a number", `${HEAD}spec: 5\n`, 2],
    ["tabs", "\tkind: x\n", 1],
    ["alias bomb", billionLaughs, 1],
    ["binary noise", "\u0000\u0001\u0002: \uFFFF\n", 1],
    ["prototype keys", `${HEAD}spec:\n  __proto__: {x: 1}\n  constructor: 1\n  toString: 2\n  endpointSelector: {}\n`, 3],
  ])("never throws on %s", (_name, text, atLeast) => {
    const result = parsePolicyYaml(text);
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(atLeast);
    expect(result.diagnostics.every((d) => !d.message.includes("native code") && !d.message.includes("[object"))).toBe(true);
  });
});
