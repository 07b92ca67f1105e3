import { describe, expect, it } from "vitest";
import { at, buildFlow, dropEvent, ips, onNode, tcp } from "../../testing/flow-builders.ts";
import { rawFlowJson } from "./raw-flow-json.ts";

describe("rawFlowJson", () => {
  it("prints the jsonpb line and an indented copy of it", () => {
    const flow = buildFlow(at("2024-03-05T07:08:09.5Z"), ips("10.0.0.1", "10.0.0.2"), tcp(1234, 80, "SYN"), dropEvent(133), onNode("k8s1"), {
      Summary: "<script>&",
    });
    const { line, pretty } = rawFlowJson(flow);
    expect(line.startsWith('{"flow":{"time":"2024-03-05T07:08:09.500Z","verdict":"DROPPED","drop_reason":133,')).toBe(true);
    expect(line.endsWith('"node_name":"k8s1","time":"2024-03-05T07:08:09.500Z"}')).toBe(true);
    // Go's encoder escapes HTML characters; the pretty copy is for reading and shows them plainly.
    expect(line).toContain('"Summary":"\\u003cscript\\u003e\\u0026"');
    expect(JSON.parse(pretty)).toEqual(JSON.parse(line));
    expect(pretty.split("\n")[1]).toBe('  "flow": {');
    expect(Object.keys(JSON.parse(pretty).flow).slice(0, 3)).toEqual(["time", "verdict", "drop_reason"]);
  });
});
