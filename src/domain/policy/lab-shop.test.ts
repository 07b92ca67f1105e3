// End to end: the shop Zero-Trust ladder of seed 002 (facts/lab-scenarios.md, scenario 2), stage by
// stage, with the exact policies the author applied (testdata/shop/*.yaml).

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { L7Request } from "./evaluate-l7.ts";
import { fixturePolicies, fixtureSet } from "./testdata/fixtures.ts";
import { shop } from "./testdata/lab-endpoints.ts";
import { summarizeDirection, summarizeL7 } from "./testdata/summary.ts";

const STAGES: Record<number, string[]> = {
  1: ["shop/allow-all.yaml"],
  2: ["shop/allow-all.yaml", "shop/allow-dns.yaml"],
  3: ["shop/allow-all.yaml", "shop/allow-dns.yaml", "shop/allow-frontend-to-backend.yaml", "shop/allow-frontend-egress.yaml"],
  // Stage 4 applies allow-frontend-l7 and deletes allow-frontend-to-backend.
  4: ["shop/allow-all.yaml", "shop/allow-dns.yaml", "shop/allow-frontend-egress.yaml", "shop/allow-frontend-l7.yaml"],
  // Stage 5 deletes allow-all and applies default-deny.
  5: ["shop/allow-dns.yaml", "shop/allow-frontend-egress.yaml", "shop/allow-frontend-l7.yaml", "shop/default-deny.yaml"],
};

const dns: Connection = { source: shop.frontend, destination: shop.kubeDns, protocol: "UDP", port: 53 };
const feToBe: Connection = { source: shop.frontend, destination: shop.backend, protocol: "TCP", port: 80 };
const exampleCom: Connection = { source: shop.frontend, destination: shop.exampleCom, protocol: "TCP", port: 443, destinationNames: ["example.com"] };
const oneOneOne: Connection = { source: shop.frontend, destination: shop.cloudflare, protocol: "TCP", port: 80 };
const lookup: L7Request = { kind: "dns", query: "backend.shop.svc.cluster.local." };
const get = (path: string): L7Request => ({ kind: "http", method: "GET", path, host: "backend.shop.svc.cluster.local" });

type Row = [stage: number, what: string, connection: Connection, request: L7Request | undefined, egress: string, ingress: string, l7: string];

const ROWS: Row[] = [
  [1, "nslookup", dns, lookup, "all FORWARDED [allow-all]", "unenforced", "none"],
  [1, "GET /get", feToBe, get("/get"), "all FORWARDED [allow-all]", "all FORWARDED [allow-all]", "none"],
  [1, "curl https://example.com", exampleCom, undefined, "all FORWARDED [allow-all]", "unenforced", "none"],
  [2, "nslookup via the DNS proxy", dns, lookup, "L3-L4 REDIRECTED proxy=dns [allow-dns]", "unenforced", "egress dns FORWARDED [allow-all, allow-dns]"],
  [2, "GET /get", feToBe, get("/get"), "all FORWARDED [allow-all]", "all FORWARDED [allow-all]", "none"],
  [3, "GET /anything/ok", feToBe, get("/anything/ok"), "L3-L4 FORWARDED [allow-frontend-egress]", "L3-L4 FORWARDED [allow-frontend-to-backend]", "none"],
  [3, "curl https://example.com (allow-all still applied)", exampleCom, undefined, "all FORWARDED [allow-all]", "unenforced", "none"],
  [4, "GET /status/200", feToBe, get("/status/200"), "L3-L4 FORWARDED [allow-frontend-egress]", "L3-L4 REDIRECTED proxy=http [allow-frontend-l7]", "ingress http FORWARDED [allow-all, allow-frontend-l7]"],
  [4, "GET /status/500 passes: allow-all opens L7", feToBe, get("/status/500"), "L3-L4 FORWARDED [allow-frontend-egress]", "L3-L4 REDIRECTED proxy=http [allow-frontend-l7]", "ingress http FORWARDED [allow-all]"],
  [5, "nslookup", dns, lookup, "L3-L4 REDIRECTED proxy=dns [allow-dns]", "unenforced", "egress dns FORWARDED [allow-dns]"],
  [5, "GET /status/200", feToBe, get("/status/200"), "L3-L4 FORWARDED [allow-frontend-egress]", "L3-L4 REDIRECTED proxy=http [allow-frontend-l7]", "ingress http FORWARDED [allow-frontend-l7]"],
  [5, "GET /get is denied by the proxy", feToBe, get("/get"), "L3-L4 FORWARDED [allow-frontend-egress]", "L3-L4 REDIRECTED proxy=http [allow-frontend-l7]", "ingress http DROPPED 403 []"],
  [5, "curl https://example.com times out", exampleCom, undefined, "none DROPPED POLICY_DENIED []", "unenforced", "none"],
  [5, "curl http://1.1.1.1:80 is dropped", oneOneOne, undefined, "none DROPPED POLICY_DENIED []", "unenforced", "none"],
];

describe("shop lab (seed 002)", () => {
  it.each(ROWS)("stage %i: %s", (stage, _what, connection, request, egress, ingress, l7) => {
    const result = evaluateConnection(fixtureSet(...(STAGES[stage] ?? [])), connection, request);
    expect({ egress: summarizeDirection(result.egress), ingress: summarizeDirection(result.ingress), l7: summarizeL7(result.l7) }).toEqual({ egress, ingress, l7 });
  });

  it("no longer names allow-all anywhere at stage 5", () => {
    const set = fixtureSet(...(STAGES[5] ?? []));
    const names = [dns, feToBe, exampleCom, oneOneOne].flatMap((connection) => {
      const result = evaluateConnection(set, connection, connection === feToBe ? get("/status/200") : undefined);
      return [...result.egress.allowedBy, ...result.ingress.allowedBy, ...(result.l7?.allowedBy ?? [])].map((p) => p.name);
    });
    expect(names).not.toContain("allow-all");
    expect(new Set(names)).toEqual(new Set(["allow-dns", "allow-frontend-egress", "allow-frontend-l7"]));
  });

  it("reports allowed-by in flow.Policy shape", () => {
    const result = evaluateConnection(fixtureSet(...(STAGES[1] ?? [])), feToBe);
    expect(result.ingress.allowedBy).toEqual([
      {
        name: "allow-all",
        namespace: "shop",
        kind: "CiliumNetworkPolicy",
        labels: [
          "k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy",
          "k8s:io.cilium.k8s.policy.name=allow-all",
          "k8s:io.cilium.k8s.policy.namespace=shop",
        ],
      },
    ]);
  });

  it("accepts every stage's policies, warning that default-deny's empty lists enforce nothing", () => {
    const policies = fixturePolicies("shop/allow-all.yaml", "shop/allow-dns.yaml", "shop/allow-frontend-to-backend.yaml", "shop/allow-frontend-egress.yaml", "shop/allow-frontend-l7.yaml", "shop/default-deny.yaml");
    expect(policies.map((p) => [p.name, p.valid])).toEqual([
      ["allow-all", true],
      ["allow-dns", true],
      ["allow-frontend-to-backend", true],
      ["allow-frontend-egress", true],
      ["allow-frontend-l7", true],
      ["default-deny", true],
    ]);
    const warnings = policies.flatMap((p) => p.diagnostics.map((d) => `${p.name} ${d.path} ${d.severity}`));
    expect(warnings).toEqual(["default-deny spec.ingress warning", "default-deny spec.egress warning"]);
  });
});
