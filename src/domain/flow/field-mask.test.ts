import { describe, expect, it } from "vitest";
import { toJson } from "@bufbuild/protobuf";
import { FlowSchema } from "../../gen/flow/flow_pb.ts";
import { at, buildFlow, from, httpRequest, ips, onNode, pod, tcp, to } from "../../testing/flow-builders.ts";
import { compileFieldMask, InvalidFieldMaskError } from "./field-mask.ts";

const flow = buildFlow(
  at("2026-01-01T12:00:00.123Z"),
  onNode("kind/kind-worker"),
  ips("10.0.0.1", "10.0.0.2"),
  tcp(40000, 80, "SYN"),
  from(pod("shop", "frontend-7d4b9", 114060)),
  to(pod("shop", "backend-5f6c8", 69364)),
  { Summary: "TCP Flags: SYN" },
);
const masked = (paths: string[]) => toJson(FlowSchema, compileFieldMask(paths)(flow), { useProtoFieldName: true });

describe("compileFieldMask", () => {
  it.each([
    ["a scalar", ["node_name"], { node_name: "kind/kind-worker" }],
    ["a whole message", ["IP"], { IP: { source: "10.0.0.1", destination: "10.0.0.2", ipVersion: "IPv4" } }],
    ["a nested scalar", ["source.pod_name"], { source: { pod_name: "frontend-7d4b9" } }],
    ["two fields of one parent", ["source.pod_name", "source.identity"], { source: { identity: 114060, pod_name: "frontend-7d4b9" } }],
    ["a oneof member", ["l4.TCP.destination_port"], { l4: { TCP: { destination_port: 80 } } }],
    ["the Summary and time", ["time", "Summary"], { time: "2026-01-01T12:00:00.123Z", Summary: "TCP Flags: SYN" }],
    ["an unset field", ["l7"], {}],
    // As in Hubble, a present parent is kept as {} even when the leaf is absent (facts B.2).
    ["a oneof member that is not the one set", ["l4.UDP.source_port"], { l4: {} }],
    ["nothing", [], {}],
  ])("keeps %s", (_name, paths, expected) => {
    expect(masked(paths)).toEqual(expected);
  });

  it("leaves the original flow untouched", () => {
    compileFieldMask(["source.pod_name"])(flow);
    expect(flow.destination?.podName).toBe("backend-5f6c8");
  });

  it("copies an L7 record whole", () => {
    const l7 = buildFlow(httpRequest("GET", "http://backend/get"));
    const out = compileFieldMask(["l7.http.url"])(l7);
    expect(out.l7?.record.case === "http" ? out.l7.record.value.url : undefined).toBe("http://backend/get");
  });

  it.each([
    ["an unknown field", ["no_such_field"], /flow\.Flow has no field "no_such_field"/],
    ["a lowerCamel name", ["nodeName"], /no field "nodeName"/],
    ["a path through a scalar", ["node_name.x"], /not a singular message field/],
    ["a path through a list", ["source.labels.x"], /"labels" is not a singular message field/],
    ["an unknown nested field", ["source.pod"], /flow\.Endpoint has no field "pod"/],
  ])("rejects %s", (_name, paths, message) => {
    expect(() => compileFieldMask(paths)).toThrow(InvalidFieldMaskError);
    expect(() => compileFieldMask(paths)).toThrow(message);
  });
});
