import { create, equals } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { EmitterSchema, type Verdict } from "../../gen/flow/flow_pb.ts";
import { ExportEventSchema, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { at, buildFlow, exportEventOf, httpRequest, onNode, policy } from "../../testing/flow-builders.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { type FlowLineEvent, parseFlowLines } from "./json-line-decoder.ts";
import { formatFlowLine } from "./json-line-writer.ts";

const EXPECTED_FLOWS: Readonly<Record<string, number>> = {
  "basic-sample-10-flows.jsonl": 10,
  "basic-sample-330-dns-flows.jsonl": 330,
  "basic-sample-348-http-flows.jsonl": 348,
  "basic-sample-400-tcp-flows.jsonl": 400,
  "basic-sample-400-udp-flows.jsonl": 400,
};
const sampleNames = sampleFlowFiles().map((file) => file.slice(file.lastIndexOf("/") + 1));

const flowCount = (events: FlowLineEvent[]): number => events.filter((e) => e.event.responseTypes.case === "flow").length;

describe("every recorded sample", () => {
  it("is covered by this test", () => {
    expect(sampleNames).toEqual(Object.keys(EXPECTED_FLOWS));
  });

  it.each(sampleNames)("%s: read → write → read gives equal messages", (name) => {
    const first = parseFlowLines(readSample(name), name);
    expect(first.errors).toEqual([]);
    expect(flowCount(first.events)).toBe(EXPECTED_FLOWS[name]);
    expect([...first.stats.unknownFields, ...first.stats.unknownEnumValues]).toEqual([]);

    const written = first.events.map((e) => `${formatFlowLine(e.event)}\n`).join("");
    const second = parseFlowLines(written, `${name} (rewritten)`);
    expect(second.errors).toEqual([]);
    expect(second.events).toHaveLength(first.events.length);
    const unequal = first.events.filter((e, i) => !equals(ExportEventSchema, e.event, second.events[i]?.event ?? create(ExportEventSchema)));
    expect(unequal.map((e) => e.line)).toEqual([]);
  });

  // Every line comes back byte for byte: these files hold no floats (the only
  // double, ServerStatusResponse.flows_rate, is not in ExportEvent) and
  // protobuf-es prints timestamps with 0/3/6/9 digits like Go, so no line needs
  // an exemption.
  it.each(sampleNames)("%s: writing each decoded line reproduces it byte for byte", (name) => {
    const lines = readSample(name).split("\n").filter((line) => line !== "");
    const { events } = parseFlowLines(lines.join("\n"), name);
    const differing = events.filter((e) => formatFlowLine(e.event) !== lines[e.line - 1]).map((e) => e.line);
    expect(events).toHaveLength(lines.length);
    expect(differing).toEqual([]);
  });
});

describe("formatFlowLine: Go's encoding details", () => {
  it("orders keys by declaration, not by field number", () => {
    // ip_trace_id (40) is declared before drop_reason_desc (25); Summary (100000)
    // before extensions (150000) and egress_allowed_by (21001).
    const flow = buildFlow(at("2024-01-01T10:00:00Z"), onNode("n"), {
      ipTraceId: { traceId: 1234n },
      dropReasonDesc: 133,
      Summary: "s",
      extensions: anyPack(EmitterSchema, create(EmitterSchema, { name: "Hubble", version: "1.19.4" })),
      egressAllowedBy: [{ ...policy("p", "CiliumNetworkPolicy"), revision: 6n }],
    });
    expect(formatFlowLine(exportEventOf(flow))).toBe(
      '{"flow":{"time":"2024-01-01T10:00:00Z","node_name":"n","ip_trace_id":{"trace_id":"1234"},"drop_reason_desc":"POLICY_DENIED","Summary":"s",' +
        '"extensions":{"@type":"type.googleapis.com/flow.Emitter","name":"Hubble","version":"1.19.4"},' +
        '"egress_allowed_by":[{"name":"p","revision":"6","kind":"CiliumNetworkPolicy"}]},"node_name":"n","time":"2024-01-01T10:00:00Z"}',
    );
  });

  it("escapes <, >, & and U+2028/U+2029 like json.Encoder, and the text still parses back", () => {
    const url = "http://shop/search?q=<b>&x=1\u2028\u2029";
    const line = formatFlowLine(exportEventOf(buildFlow(httpRequest("GET", url))));
    expect(line).toContain('"url":"http://shop/search?q=\\u003cb\\u003e\\u0026x=1\\u2028\\u2029"');
    expect(JSON.parse(line).flow.l7.http.url).toBe(url);
  });

  it.each([
    ["a set but empty message prints {}", buildFlow({ source: {}, IP: {} }), '{"flow":{"IP":{},"source":{}}}'],
    ["zero values are omitted", buildFlow({ verdict: 0, nodeName: "", isReply: false }), '{"flow":{"is_reply":false}}'],
    ["unknown enum numbers print as numbers", buildFlow({ verdict: 42 as Verdict }), '{"flow":{"verdict":42}}'],
    ["nanosecond timestamps keep 9 digits", buildFlow(at("2021-11-10T10:40:56.465597700Z")), '{"flow":{"time":"2021-11-10T10:40:56.465597700Z"}}'],
    ["microsecond timestamps print 6 digits", buildFlow(at("1970-01-01T00:20:34.5678Z")), '{"flow":{"time":"1970-01-01T00:20:34.567800Z"}}'],
  ])("%s", (_name, flow, expected) => {
    expect(formatFlowLine(create(ExportEventSchema, { responseTypes: { case: "flow", value: flow } }))).toBe(expected);
  });

  it("writes a GetFlowsResponse like the same ExportEvent", () => {
    const response = create(GetFlowsResponseSchema, {
      responseTypes: { case: "lostEvents", value: { source: 1, numEventsLost: 7n, cpu: 0 } },
      nodeName: "n",
    });
    expect(formatFlowLine(response)).toBe('{"lost_events":{"source":"PERF_EVENT_RING_BUFFER","num_events_lost":"7","cpu":0},"node_name":"n"}');
  });
});
