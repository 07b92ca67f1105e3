// End to end: Cilium's Star Wars demo as seed 000 ran it (facts/lab-scenarios.md, scenario 1), with
// rule1 exactly as the examples the author applied (testdata/starwars/*.yaml).

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { L7Request } from "./evaluate-l7.ts";
import { createPolicySet } from "./policy-set.ts";
import { fixturePolicies, fixtureSet } from "./testdata/fixtures.ts";
import { starWars } from "./testdata/lab-endpoints.ts";
import { summarizeDirection, summarizeL7 } from "./testdata/summary.ts";

const STAGES: Record<number, string[]> = {
  1: [],
  2: ["starwars/sw-l3-l4-policy.yaml"],
  3: ["starwars/sw-l3-l4-l7-policy.yaml"],
};

const toDeathstar = (ship: typeof starWars.xwing): Connection => ({ source: ship, destination: starWars.deathstar, protocol: "TCP", port: 80 });
const host = "deathstar.default.svc.cluster.local";
const landing: L7Request = { kind: "http", method: "POST", path: "/v1/request-landing", host };
const exhaustPort: L7Request = { kind: "http", method: "PUT", path: "/v1/exhaust-port", host };

type Row = [stage: number, what: string, connection: Connection, request: L7Request, ingress: string, l7: string];

const ROWS: Row[] = [
  [1, "xwing lands", toDeathstar(starWars.xwing), landing, "unenforced", "none"],
  [1, "tiefighter lands", toDeathstar(starWars.tiefighter), landing, "unenforced", "none"],
  [2, "xwing is dropped: policy-verdict:none INGRESS DENIED", toDeathstar(starWars.xwing), landing, "none DROPPED POLICY_DENIED []", "none"],
  [2, "tiefighter lands: policy-verdict:L3-L4 INGRESS ALLOWED", toDeathstar(starWars.tiefighter), landing, "L3-L4 FORWARDED [rule1]", "none"],
  [2, "tiefighter reaches exhaust-port (no L7 rule yet)", toDeathstar(starWars.tiefighter), exhaustPort, "L3-L4 FORWARDED [rule1]", "none"],
  [3, "tiefighter lands through the proxy", toDeathstar(starWars.tiefighter), landing, "L3-L4 REDIRECTED proxy=http [rule1]", "ingress http FORWARDED [rule1]"],
  [3, "tiefighter PUT exhaust-port: Access denied", toDeathstar(starWars.tiefighter), exhaustPort, "L3-L4 REDIRECTED proxy=http [rule1]", "ingress http DROPPED 403 []"],
  [3, "xwing still dropped at L3/L4, never reaches HTTP", toDeathstar(starWars.xwing), landing, "none DROPPED POLICY_DENIED []", "none"],
];

describe("Star Wars lab (seed 000)", () => {
  it.each(ROWS)("stage %i: %s", (stage, _what, connection, request, ingress, l7) => {
    const set = (STAGES[stage] ?? []).length === 0 ? createPolicySet([]) : fixtureSet(...(STAGES[stage] ?? []));
    const result = evaluateConnection(set, connection, request);
    expect({ egress: summarizeDirection(result.egress), ingress: summarizeDirection(result.ingress), l7: summarizeL7(result.l7) }).toEqual({
      egress: "unenforced",
      ingress,
      l7,
    });
  });

  it("puts rule1 in namespace default and accepts it without diagnostics", () => {
    const [l4, l7] = fixturePolicies("starwars/sw-l3-l4-policy.yaml", "starwars/sw-l3-l4-l7-policy.yaml");
    expect([l4?.namespace, l4?.diagnostics, l7?.namespace, l7?.diagnostics]).toEqual(["default", [], "default", []]);
  });
});
