import { equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { Verdict } from "../../gen/flow/flow_pb.ts";
import { ExportEventSchema } from "../../gen/observer/observer_pb.ts";
import {
  type FlowLineResult,
  createFlowLineDecoder,
  decodeFlowLine,
  formatCounts,
  parseFlowLines,
} from "./json-line-decoder.ts";
import { formatFlowLine } from "./json-line-writer.ts";

const GOOD = [
  '{"flow":{"time":"2021-11-10T10:40:56.465597700Z","verdict":"FORWARDED","IP":{"source":"10.244.0.177","destination":"10.244.0.110","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":35128,"destination_port":9080,"flags":{"ACK":true}}},"Type":"L3_L4","node_name":"kind-control-plane","event_type":{"type":4,"sub_type":1},"is_reply":false,"Summary":"TCP Flags: ACK"},"node_name":"kind-control-plane","time":"2021-11-10T10:40:56.465597700Z"}',
  '{"flow":{"time":"2021-11-10T10:40:56.871850100Z","verdict":"REDIRECTED","l4":{"UDP":{"source_port":54314,"destination_port":53}},"event_type":{"type":5},"policy_match_type":2,"Summary":"UDP"},"node_name":"kind-control-plane","time":"2021-11-10T10:40:56.871850100Z"}',
  '{"lost_events":{"source":"PERF_EVENT_RING_BUFFER","num_events_lost":"3","cpu":1},"node_name":"kind-worker","time":"2021-11-10T10:40:57Z"}',
  '{"node_status":{"state_change":"NODE_CONNECTED","node_names":["kind-control-plane","kind-worker"]},"node_name":"relay","time":"2021-11-10T10:40:55Z"}',
  '{"agent_event":{},"node_name":"my-node","time":"1970-01-01T00:00:02Z"}',
  '{"debug_event":{"type":"DBG_CT_LOOKUP","message":"ct lookup"},"node_name":"my-node","time":"1970-01-01T00:00:03Z"}',
];

describe("parseFlowLines: bad lines among good ones", () => {
  const text = [
    GOOD[0],
    '{"flow":{"time":"2021-11-10T10:40:56.465597700Z","verdict":"FORW', // truncated
    GOOD[1],
    "level=info msg=\"Starting Hubble\"", // not JSON
    "",
    '{"flow":{"l4":{"TCP":{"source_port":"abc","destination_port":80}}},"node_name":"n"}', // wrong type
    GOOD[2],
  ].join("\n");
  const parsed = parseFlowLines(text, "events.log");

  it("reports exactly the three bad lines, by line number and reason", () => {
    expect(parsed.errors.map((e) => e.message)).toEqual([
      "events.log:2: truncated JSON (unexpected end of input)",
      'events.log:4: not JSON: expected a JSON value, found "l" at column 1',
      'events.log:6: field flow.l4.TCP.source_port: expected a number, got string "abc"',
    ]);
  });

  it("keeps every good line with its line number", () => {
    expect(parsed.events.map((e) => e.line)).toEqual([1, 3, 7]);
    expect(parsed.events.map((e) => formatFlowLine(e.event))).toEqual([GOOD[0], GOOD[1], GOOD[2]]);
    expect(parsed.stats).toMatchObject({ lines: 7, blankLines: 1, events: 3, errors: 3 });
  });
});

describe("decodeFlowLine: reasons for bad lines", () => {
  it.each([
    ["top-level array", "[1,2]", "expected a JSON object, got an array"],
    ["top-level number", "42", "expected a JSON object, got a number"],
    ["empty object", "{}", 'no event in the object: expected one of "flow", "node_status", "lost_events", "agent_event", "debug_event", found an empty object'],
    ["only the wrapper fields", '{"node_name":"x","time":"2021-11-10T10:40:57Z"}', 'no event in the object: expected one of "flow", "node_status", "lost_events", "agent_event", "debug_event", found keys "node_name", "time"'],
    ["null event", '{"flow":null}', 'no event in the object: expected one of "flow", "node_status", "lost_events", "agent_event", "debug_event", found keys "flow" (null)'],
    ["two events", '{"flow":{},"lost_events":{}}', 'top level: only one of oneof response_types may be set, got "flow" and "lost_events"'],
    ["trailing garbage", '{"flow":{}} x', 'not JSON: expected the end of the line after the JSON value, found "x" at column 13'],
    ["trailing comma", '{"flow":{},}', 'not JSON: expected a quoted key, found "}" at column 12'],
    ["single quotes", "{'flow':{}}", `not JSON: expected a quoted key, found "'" at column 2`],
    ["truncated inside a string", '{"flow":{"uuid":"ab', "truncated JSON (unexpected end of input)"],
    ["truncated after a key", '{"flow":', "truncated JSON (unexpected end of input)"],
    ["out-of-range port", '{"flow":{"l4":{"UDP":{"source_port":-1}}}}', "field flow.l4.UDP.source_port: expected an integer from 0 to 4294967295 (uint32), got number -1"],
    ["bad timestamp", '{"flow":{"time":"yesterday"}}', 'field flow.time: expected an RFC 3339 timestamp string like "2021-11-10T10:40:56.4655977Z", got string "yesterday"'],
    ["string instead of list", '{"flow":{"source":{"labels":"k8s:app=x"}}}', 'field flow.source.labels: expected an array, got string "k8s:app=x"'],
    ["bad list item", '{"flow":{"source":{"labels":["a",3]}}}', "field flow.source.labels[1]: expected a string, got number 3"],
    ["bad field in a list of messages", '{"flow":{"egress_allowed_by":[{"name":"a"},{"revision":"r1"}]}}', 'field flow.egress_allowed_by[1].revision: expected a number, got string "r1"'],
    ["bad wrapper value", '{"flow":{"is_reply":"yes"}}', 'field flow.is_reply: expected true or false, got string "yes"'],
    ["bad enum type", '{"flow":{"verdict":true}}', "field flow.verdict: expected a flow.Verdict name or number, got boolean true"],
    ["message as string", '{"flow":{"l4":"tcp"}}', 'field flow.l4: expected an object, got string "tcp"'],
    ["same field twice", '{"flow":{"node_name":"a","nodeName":"b"}}', 'field flow.node_name: set twice, as "node_name" and as "nodeName"'],
  ])("%s", (_name, line, reason) => {
    expect(decodeFlowLine(line)).toEqual({ ok: false, reason });
  });
});

describe("decodeFlowLine: lenient forms read like the canonical line", () => {
  it.each([
    ["lowerCamel keys", '{"flow":{"nodeName":"n1","isReply":true,"trafficDirection":"EGRESS","l4":{"TCP":{"sourcePort":1,"destinationPort":2}},"eventType":{"type":4,"subType":3}},"nodeName":"n1"}', '{"flow":{"node_name":"n1","is_reply":true,"traffic_direction":"EGRESS","l4":{"TCP":{"source_port":1,"destination_port":2}},"event_type":{"type":4,"sub_type":3}},"node_name":"n1"}'],
    ["numeric enums", '{"flow":{"verdict":2,"Type":1,"drop_reason_desc":133,"IP":{"ipVersion":2}}}', '{"flow":{"verdict":"DROPPED","Type":"L3_L4","drop_reason_desc":"POLICY_DENIED","IP":{"ipVersion":"IPv6"}}}'],
    ["numeric 64-bit values", '{"flow":{"l7":{"latency_ns":999958359},"socket_cookie":18446744073709551615},"lost_events_ignored":1}', '{"flow":{"l7":{"latency_ns":"999958359"},"socket_cookie":"18446744073709551615"}}'],
    ["numeric strings for 32-bit values", '{"flow":{"l4":{"TCP":{"source_port":"443"}}}}', '{"flow":{"l4":{"TCP":{"source_port":443}}}}'],
    ["unknown keys", '{"flow":{"some_new_field":{"x":1},"l4":{"TCP":{"window":5}}},"shard":"a"}', '{"flow":{"l4":{"TCP":{}}}}'],
    ["unknown enum name", '{"flow":{"verdict":"VERDICT_FROM_THE_FUTURE","Type":"L7"}}', '{"flow":{"Type":"L7"}}'],
    ["null fields", '{"flow":{"verdict":null,"source":null,"node_labels":null},"time":null}', '{"flow":{}}'],
    ["null members of the event oneof", '{"flow":{"uuid":"u"},"lost_events":null,"nodeStatus":null}', '{"flow":{"uuid":"u"}}'],
    ["unresolvable Any", '{"flow":{"extensions":{"@type":"type.googleapis.com/acme.Extra","x":1},"uuid":"u"}}', '{"flow":{"uuid":"u"}}'],
  ])("%s", (_name, lenient, canonical) => {
    const a = decodeFlowLine(lenient);
    const b = decodeFlowLine(canonical);
    if (!a.ok || !b.ok) throw new Error(`did not decode: ${JSON.stringify([a, b])}`);
    expect(equals(ExportEventSchema, a.event, b.event)).toBe(true);
  });

  it("counts unknown keys and enum names per path over good lines", () => {
    const lines = [
      '{"flow":{"some_new_field":1,"l4":{"TCP":{"window":5}}},"shard":"a"}',
      '{"flow":{"some_new_field":2,"verdict":"VERDICT_FROM_THE_FUTURE"}}',
      '{"flow":{"someNewField":3,"egress_allowed_by":[{"name":"p","tier":1},{"tier":2}],"extensions":{"@type":"type.googleapis.com/acme.Extra"}}}',
      '{"flow":{"some_new_field":4,"verdict":99}}',
      '{"flow":{"some_new_field":5,"verdict":"BAD"', // truncated: its keys are not counted
    ];
    const { stats, events } = parseFlowLines(lines.join("\n"), "x");
    expect(formatCounts(stats.unknownFields)).toEqual([
      "flow.egress_allowed_by[].tier: 2",
      "flow.extensions(@type type.googleapis.com/acme.Extra): 1",
      "flow.l4.TCP.window: 1",
      "flow.someNewField: 1",
      "flow.some_new_field: 3",
      "shard: 1",
    ]);
    expect(formatCounts(stats.unknownEnumValues)).toEqual(["flow.verdict=VERDICT_FROM_THE_FUTURE: 1"]);
    const verdicts = events.map((e) => (e.event.responseTypes.case === "flow" ? e.event.responseTypes.value.verdict : -1));
    expect(verdicts).toEqual([Verdict.VERDICT_UNKNOWN, Verdict.VERDICT_UNKNOWN, Verdict.VERDICT_UNKNOWN, 99]);
  });

  it.each(GOOD.map((line) => [line.slice(2, line.indexOf('"', 2)), line]))("decodes a %s line", (kind, line) => {
    const outcome = decodeFlowLine(line);
    expect(outcome.ok && outcome.event.responseTypes.case).toBe(kind.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()));
  });

  it("reads a line far beyond 64 KiB", () => {
    const labels = Array.from({ length: 5000 }, (_, i) => `"k8s:label-${i}=${"v".repeat(20)}"`).join(",");
    const line = `{"flow":{"source":{"labels":[${labels}]}},"node_name":"n"}`;
    expect(line.length).toBeGreaterThan(150_000);
    const { events, errors } = parseFlowLines(`${line}\n${line}`, "big.log");
    expect(errors).toEqual([]);
    expect(events.map((e) => (e.event.responseTypes.case === "flow" ? e.event.responseTypes.value.source?.labels.length : 0))).toEqual([5000, 5000]);
  });
});

/** Results as comparable text: `line json` for events, `line ! message` for errors. */
const summarise = (results: FlowLineResult[]): string[] =>
  results.map((r) => (r.kind === "event" ? `${r.line} ${formatFlowLine(r.event)}` : `${r.line} ! ${r.message}`));

describe("createFlowLineDecoder: chunking", () => {
  // BOM, CRLF, a blank line, a bad line and no final newline, in 8 lines.
  const input = `\uFEFF${GOOD[0]}\r\n${GOOD[2]}\r\n\r\n{"flow":{"l4":\n${GOOD[3]}\nnope\n  \n${GOOD[1]}`;
  const reference = createFlowLineDecoder({ source: "s" });
  const whole = summarise([...reference.push(input), ...reference.end()]);

  it("decodes the reference input as expected", () => {
    expect(whole).toEqual([
      `1 ${GOOD[0]}`,
      `2 ${GOOD[2]}`,
      "4 ! s:4: truncated JSON (unexpected end of input)",
      `5 ${GOOD[3]}`,
      '6 ! s:6: not JSON: expected the literal null, found "o" at column 2',
      `8 ${GOOD[1]}`,
    ]);
  });

  it(`splitting the input in two at any of its ${input.length + 1} offsets changes nothing`, () => {
    const differing: number[] = [];
    for (let k = 0; k <= input.length; k++) {
      const decoder = createFlowLineDecoder({ source: "s" });
      const results = [...decoder.push(input.slice(0, k)), ...decoder.push(input.slice(k)), ...decoder.end()];
      if (JSON.stringify(summarise(results)) !== JSON.stringify(whole)) differing.push(k);
    }
    expect(differing).toEqual([]);
  });

  it("one character per chunk changes nothing", () => {
    const decoder = createFlowLineDecoder({ source: "s" });
    const results = [...input].flatMap((ch) => decoder.push(ch));
    expect(summarise([...results, ...decoder.end()])).toEqual(whole);
    expect(decoder.stats).toMatchObject({ lines: 8, blankLines: 2, events: 4, errors: 2 });
  });

  it("refuses input after end()", () => {
    const decoder = createFlowLineDecoder({ source: "s" });
    decoder.end();
    expect(() => decoder.push("{}")).toThrow("s: push() after end()");
  });
});
