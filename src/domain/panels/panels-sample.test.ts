// The DNS panels and Flows processed Per Node on a recorded capture (basic-sample-330-dns-flows,
// 4 GKE nodes, 2021-10-04 11:22:26–11:26:56), read at t = 11:25:00Z with the 1 m window
// (11:24:00, 11:25:00]. Expected counts come from jq on the file, independently of our code;
// times are rounded up to whole seconds so "> t − 60 and ≤ t" matches the half-open window:
//
//   jq -r 'def ceilsec: (.flow.time | capture("^(?<s>[^.Z]+)(?<f>\\.[0-9]+)?Z$")) as $m
//            | ($m.s + "Z" | fromdate) + (if (($m.f // "") | test("[1-9]")) then 1 else 0 end);
//          ("2021-10-04T11:25:00Z" | fromdate) as $t | select(ceilsec > $t - 60 and ceilsec <= $t) | .flow
//          | select(.l7.dns != null)
//          | if (.verdict == "DROPPED" or .is_reply != true) then "query \(.l7.dns.qtypes | join(","))"
//            else "response \(.l7.dns.rcode // 0) \(.l7.dns.qtypes | join(",")) rr=\((.l7.dns.rrtypes // []) | join(","))" end' \
//      src/testing/samples/basic-sample-330-dns-flows.jsonl | sort | uniq -c
//   →  44 query A | 30 query AAAA | 8 response 0 A rr=A | 36 response 3 A rr= | 30 response 3 AAAA rr=
//
//   (same window) … | .flow | .node_name' | sort | uniq -c
//   →  64 …-5236 | 60 …-979h | 20 …-hr0z | 4 …-snzw   (148 flows, all L7 DNS)
import { describe, expect, it } from "vitest";
import { readSampleFlows } from "../../testing/node/samples.ts";
import { dnsErrorsPanel } from "./dns-errors.ts";
import { dnsRequestsPanel } from "./dns-requests.ts";
import { dnsResponseRecordTypePanel } from "./dns-response-record-type.ts";
import { dnsResponsesPanel } from "./dns-responses.ts";
import { flowsProcessedPerNodePanel } from "./flows-processed-per-node.ts";
import { missingDnsResponsesPanel } from "./missing-dns-responses.ts";
import type { PanelDefinition } from "./panel-definition.ts";
import { PanelEngine } from "./panel-engine.ts";

const t = Date.parse("2021-10-04T11:25:00Z");
const engine = new PanelEngine();
engine.add(readSampleFlows("basic-sample-330-dns-flows.jsonl"));

function valuesAtT(panel: PanelDefinition): Record<string, number | null> {
  return Object.fromEntries(engine.evaluate(panel, { startMs: t, endMs: t, stepMs: 1000 }).map((s) => [s.legend, s.values[0] ?? null]));
}

describe("panels on basic-sample-330-dns-flows at 11:25:00Z", () => {
  it.each<[PanelDefinition, Record<string, number>]>([
    [dnsRequestsPanel, { A: 44 / 60, AAAA: 30 / 60 }],
    [dnsResponsesPanel, { A: 8 / 60 }],
    [dnsErrorsPanel, { "Non-Existent Domain (A)": 36 / 60, "Non-Existent Domain (AAAA)": 30 / 60 }],
    // A: 44 queries − (8 + 36) responses; AAAA: 30 − 30.
    [missingDnsResponsesPanel, { A: 44 / 60 - 44 / 60, AAAA: 30 / 60 - 30 / 60 }],
    [dnsResponseRecordTypePanel, { A: 8 / 60 }],
    // Per node 64, 60, 20, 4 flows: avg 148/4/60, min 4/60, max 64/60.
    [flowsProcessedPerNodePanel, { avg: (64 / 60 + 60 / 60 + 20 / 60 + 4 / 60) / 4, max: 64 / 60, min: 4 / 60 }],
  ])("$title", (panel, expected) => {
    const values = valuesAtT(panel);
    expect(Object.keys(values).toSorted()).toEqual(Object.keys(expected).toSorted());
    for (const [legend, value] of Object.entries(expected)) expect(values[legend]).toBeCloseTo(value, 12);
  });

  it("spans the capture, from the bucket of the first flow to that of the last", () => {
    expect(engine.span).toEqual({ startMs: Date.parse("2021-10-04T11:22:26Z"), endMs: Date.parse("2021-10-04T11:26:57Z") });
  });
});
