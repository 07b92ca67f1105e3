// Seed 004's multi-tier lab (facts/lab-scenarios.md, scenario 3) uses fields CiliumNetworkPolicy does
// not have. The linter must name each one with its path and line, and evaluation must behave as
// Cilium does after the API server pruned them, not as the notes expected.

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { L7Request } from "./evaluate-l7.ts";
import type { EndpointModel } from "./endpoint.ts";
import { parsePolicyYaml } from "./parse.ts";
import { createPolicySet } from "./policy-set.ts";
import { fixtureText } from "./testdata/fixtures.ts";
import { multiTier } from "./testdata/lab-endpoints.ts";
import { summarizeDirection, summarizeL7 } from "./testdata/summary.ts";

const lab = parsePolicyYaml(fixtureText("seed004/zero-trust-lab.yaml"), { file: "zero-trust-lab.yaml" });
const examples = parsePolicyYaml(fixtureText("seed004/policy-examples.yaml"), { file: "policy-examples.yaml" });

describe("seed 004 lint", () => {
  it.each([
    ["zero-trust-lab.yaml", 45, "spec.ingress[0].fromEndpoints[0].namespaceSelector", "frontend-to-backend"],
    ["zero-trust-lab.yaml", 87, "spec.egress[0].toEndpoints[0].namespaceSelector", "allow-dns"],
    ["zero-trust-lab.yaml", 153, "spec.ingress[0].toPorts[0].rules.http[2].action", "http-l7-policy"],
    ["policy-examples.yaml", 90, "spec.ingress[0].toPorts[0].rules.http[2].action", "api-security-policy"],
    ["policy-examples.yaml", 109, "spec.ingress[0].toPorts[0].rules.grpc", "grpc-service-policy"],
    ["policy-examples.yaml", 145, "spec.egress[0].toPorts[0].rules.kafka[2].action", "kafka-security-policy"],
    ["policy-examples.yaml", 159, "spec.policyEnforcement", "observe-only-policy"],
  ])("%s:%i warns that %s is pruned (%s)", (file, line, path, policy) => {
    const parsed = (file === "zero-trust-lab.yaml" ? lab : examples).policies.find((p) => p.diagnostics.some((d) => d.path === path && d.line === line));
    const diagnostic = parsed?.diagnostics.find((d) => d.path === path && d.line === line);
    expect(parsed?.name).toBe(policy);
    expect(diagnostic).toMatchObject({ severity: "warning", file });
    expect(diagnostic?.message).toMatch(/^not a CiliumNetworkPolicy field; the API server prunes it/);
  });

  it("counts every pruned field of the lab file", () => {
    const pruned = lab.diagnostics.filter((d) => d.message.startsWith("not a CiliumNetworkPolicy field")).map((d) => d.path.split(".").at(-1));
    expect(pruned).toEqual(["namespaceSelector", "namespaceSelector", "namespaceSelector", "namespaceSelector", "namespaceSelector", "action", "namespaceSelector"]);
  });

  it.each([
    ["advanced-l3l4-policy", "spec.egress[1].toPorts[0].ports[0].endPort", /must be an integer, not string/],
    ["kafka-security-policy", "spec.egress[0].toPorts[0].rules.kafka[1].apiKey", /"consume" is not a Kafka API key/],
    ["kafka-security-policy", "spec.egress[0].toPorts[0].rules.kafka[2].apiKey", /".\*" is not a Kafka API key/],
  ])("rejects %s: %s", (policy, path, message) => {
    const parsed = examples.policies.find((p) => p.name === policy);
    expect(parsed?.valid).toBe(false);
    expect(parsed?.diagnostics.find((d) => d.path === path && d.severity === "error")?.message).toMatch(message);
  });
});

const set = createPolicySet([...lab.policies, ...examples.policies]);
/** A pod with frontend's labels but in namespace backend: the only "frontend" the pruned selectors match. */
const frontendInBackend: EndpointModel = { name: "impostor", namespace: "backend", labels: { app: "frontend" } };
const http = (method: string, path: string, headers?: Record<string, string>): L7Request => ({ kind: "http", method, path, host: "http-api.backend.svc.cluster.local", headers });
const tcp = (source: EndpointModel, destination: EndpointModel, port: number, names?: string[]): Connection => ({ source, destination, protocol: "TCP", port, destinationNames: names });

type Row = [what: string, connection: Connection, request: L7Request | undefined, egress: string, ingress: string, l7: string];

const ROWS: Row[] = [
  ["frontend → backend:8080: the pruned namespaceSelector leaves app=frontend in namespace backend", tcp(multiTier.frontend, multiTier.backend, 8080), undefined, "none DROPPED POLICY_DENIED []", "none DROPPED POLICY_DENIED []", "none"],
  ["frontend → kube-dns:53: allow-dns now points at kube-dns in namespace frontend", { source: multiTier.frontend, destination: multiTier.kubeDns, protocol: "UDP", port: 53 }, undefined, "none DROPPED POLICY_DENIED []", "unenforced", "none"],
  ["test-client → backend:8080: default-deny-all's empty lists enforce nothing at egress", tcp(multiTier.testClient, multiTier.backend, 8080), undefined, "unenforced", "none DROPPED POLICY_DENIED []", "none"],
  ["backend → database:5432: same namespace trap", tcp(multiTier.backend, multiTier.database, 5432), undefined, "none DROPPED POLICY_DENIED []", "none DROPPED POLICY_DENIED []", "none"],
  ["GET / is allowed", tcp(frontendInBackend, multiTier.httpApi, 80), http("GET", "/"), "unenforced", "L3-L4 REDIRECTED proxy=http [http-l7-policy]", "ingress http FORWARDED [http-l7-policy]"],
  ["POST / is denied", tcp(frontendInBackend, multiTier.httpApi, 80), http("POST", "/"), "unenforced", "L3-L4 REDIRECTED proxy=http [http-l7-policy]", "ingress http DROPPED 403 []"],
  ["GET /api/users with X-API-Version: v1 is allowed", tcp(frontendInBackend, multiTier.httpApi, 80), http("GET", "/api/users", { "X-API-Version": "v1" }), "unenforced", "L3-L4 REDIRECTED proxy=http [http-l7-policy]", "ingress http FORWARDED [http-l7-policy]"],
  ["GET /api/users without the header is denied", tcp(frontendInBackend, multiTier.httpApi, 80), http("GET", "/api/users"), "unenforced", "L3-L4 REDIRECTED proxy=http [http-l7-policy]", "ingress http DROPPED 403 []"],
  ["GET /admin/config is ALLOWED: the rule lost its action: DENY", tcp(frontendInBackend, multiTier.httpApi, 80), http("GET", "/admin/config"), "unenforced", "L3-L4 REDIRECTED proxy=http [http-l7-policy]", "ingress http FORWARDED [http-l7-policy]"],
  ["backend → httpbin.org:443 (learnt through DNS)", tcp(multiTier.backend, multiTier.httpbin, 443, ["httpbin.org"]), undefined, "L4-Only FORWARDED [external-api-policy]", "unenforced", "none"],
  ["backend → httpbin.org:80 only via the toFQDNs rule", tcp(multiTier.backend, multiTier.httpbin, 80, ["httpbin.org"]), undefined, "L3-Only FORWARDED [external-api-policy]", "unenforced", "none"],
  ["backend → httpbin.org:80 without a DNS answer seen by the proxy", tcp(multiTier.backend, multiTier.httpbin, 80), undefined, "none DROPPED POLICY_DENIED []", "unenforced", "none"],
];

describe("seed 004 evaluated as Cilium would after pruning", () => {
  it.each(ROWS)("%s", (_what, connection, request, egress, ingress, l7) => {
    const result = evaluateConnection(set, connection, request);
    expect({ egress: summarizeDirection(result.egress), ingress: summarizeDirection(result.ingress), l7: summarizeL7(result.l7) }).toEqual({ egress, ingress, l7 });
  });

  it("enforces observe-only-policy: policyEnforcement: false was pruned", () => {
    const intruder: EndpointModel = { name: "intruder", labels: { app: "intruder" } };
    const app: EndpointModel = { name: "production-app", labels: { app: "production-app" } };
    const result = evaluateConnection(set, tcp(intruder, app, 8080));
    expect(summarizeDirection(result.ingress)).toBe("none DROPPED POLICY_DENIED []");
  });

  it("leaves the rejected policies out of the set", () => {
    expect(set.policies.map((p) => p.name)).not.toContain("kafka-security-policy");
    expect(set.policies.map((p) => p.name)).not.toContain("advanced-l3l4-policy");
  });
});
