import { describe, expect, it } from "vitest";
import { toJson } from "@bufbuild/protobuf";
import { FlowFilterSchema } from "../gen/flow/flow_pb.ts";
import { DEFAULT_TABLE_SETTINGS, type FlowTableSettings } from "../features/flows-table/table-settings.ts";
import { DEFAULT_VIEW, parseViewState, requestFilters, type ViewState, writeViewState } from "./view-state.ts";

const table = (patch: Partial<FlowTableSettings>): FlowTableSettings => ({ ...DEFAULT_TABLE_SETTINGS, ...patch });

const json = (filters: Parameters<typeof toJson<typeof FlowFilterSchema>>[1][]) =>
  filters.map((f) => toJson(FlowFilterSchema, f, { useProtoFieldName: true }));

describe("view state in the URL", () => {
  it.each<[string, Partial<ViewState>, string]>([
    ["the default view", {}, ""],
    ["a filter", { filter: "--verdict DROPPED" }, "?filter=--verdict+DROPPED"],
    ["namespaces and verdict toggles", { namespaces: ["kube-system", "shop"], verdicts: ["DROPPED", "REDIRECTED"] }, "?ns=kube-system%2Cshop&verdict=DROPPED%2CREDIRECTED"],
    ["hidden noise, window, compact and a selected flow", { hide: ["kube-dns"], window: "1m", table: table({ compact: true }), selected: "42" }, "?hide=kube-dns&window=1m&compact=1&flow=42"],
    [
      "the panels tab, range, per-node grouping, presenter panels and stage markers",
      { tab: "panels", panelRange: "1h", grouping: "node", panels: ["drop-reason", "flows-types"], presenter: true, stages: "smg9hfi80-1_20Allow" },
      "?tab=panels&range=1h&by=node&panels=drop-reason%2Cflows-types&presenter=1&stages=smg9hfi80-1_20Allow",
    ],
    [
      "table columns and the compact view's options",
      { table: table({ columns: ["time", "verdict", "summary"], printNodeName: true, numeric: true }) },
      "?cols=time%2Cverdict%2Csummary&print=node%2Cnumeric",
    ],
  ])("round-trips %s", (_name, patch, query) => {
    const state = { ...DEFAULT_VIEW, ...patch };
    expect(writeViewState(state, "")).toBe(query);
    expect(parseViewState(query)).toEqual(state);
  });

  it("keeps unrelated parameters such as server and debug", () => {
    expect(writeViewState({ ...DEFAULT_VIEW, window: "all" }, "?server=http%3A%2F%2Fx%3A1&debug=1")).toBe(
      "?server=http%3A%2F%2Fx%3A1&debug=1&window=all",
    );
  });

  it("ignores values it does not know", () => {
    expect(parseViewState("?window=2h&verdict=MAYBE,DROPPED&hide=cats&tab=x&range=9y&by=pod&cols=nope,src-pod&print=x")).toEqual({
      ...DEFAULT_VIEW,
      verdicts: ["DROPPED"],
      table: table({ columns: ["src-pod", "verdict"] }),
    });
  });

  it.each<[string, string, FlowTableSettings]>([
    ["a bare page gets the saved layout", "", table({ columns: ["verdict", "summary"], compact: true })],
    ["unrelated parameters leave a page bare", "?server=http%3A%2F%2Fx%3A1&debug=1", table({ columns: ["verdict", "summary"], compact: true })],
    ["a link with view state gets built-in defaults for what it leaves out", "?filter=--verdict+DROPPED", DEFAULT_TABLE_SETTINGS],
    ["a link's own table settings win", "?cols=time,verdict", table({ columns: ["time", "verdict"] })],
  ])("saved table layout: %s", (_name, query, expected) => {
    const saved = table({ columns: ["verdict", "summary"], compact: true });
    expect(parseViewState(query, saved).table).toEqual(expected);
  });
});

describe("requestFilters", () => {
  it("combines typed flags, namespaces and verdicts as the hubble CLI does", () => {
    const result = requestFilters({ ...DEFAULT_VIEW, filter: "--to-port 80", namespaces: ["shop"], verdicts: ["DROPPED"] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(json(result.whitelist)).toEqual([
      { source_pod: ["shop/"], verdict: ["DROPPED"], destination_port: ["80"] },
      { destination_pod: ["shop/"], verdict: ["DROPPED"], destination_port: ["80"] },
    ]);
    expect(result.blacklist).toEqual([]);
  });

  it("moves --not flags to the blacklist and adds one blacklist filter per hidden source", () => {
    const result = requestFilters({ ...DEFAULT_VIEW, filter: "--not --verdict FORWARDED", hide: ["kube-dns", "host"] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(json(result.blacklist)).toEqual([
      { verdict: ["FORWARDED"] },
      { source_label: ["k8s:k8s-app=kube-dns"] },
      { destination_label: ["k8s:k8s-app=kube-dns"] },
      { source_identity: [1] },
      { destination_identity: [1] },
    ]);
  });

  it.each([
    ["an unknown flag", "--colour red", /colour/],
    ["a bad value", "--verdict MAYBE", /MAYBE/],
    ["an unterminated quote", "--http-path '^/api", /quote/i],
  ])("reports %s", (_name, filter, message) => {
    const result = requestFilters({ ...DEFAULT_VIEW, filter });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
