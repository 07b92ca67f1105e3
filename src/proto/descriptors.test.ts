// Our .proto files must match Cilium's Hubble API name for name and number for
// number, or real clients and servers cannot interoperate. This test builds
// them with `buf build`, and also reads the descriptors embedded in the
// committed generated code, and compares both with the facts tables.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBinary, isFieldSet } from "@bufbuild/protobuf";
import {
  type DescriptorProto,
  type EnumDescriptorProto,
  type FileDescriptorProto,
  FieldDescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import { file_flow_flow } from "../gen/flow/flow_pb.ts";
import { file_observer_observer } from "../gen/observer/observer_pb.ts";
import { file_relay_relay } from "../gen/relay/relay_pb.ts";
import {
  type ApiFacts,
  type EnumValueFact,
  type FieldFact,
  readApiFacts,
} from "../testing/node/hubble-api-facts.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Flattens file descriptors into the same shape as the facts tables. */
function describeFiles(files: FileDescriptorProto[]): ApiFacts {
  const out: ApiFacts = { messages: new Map(), enums: new Map() };
  const addEnum = (prefix: string, e: EnumDescriptorProto) =>
    out.enums.set(
      `${prefix}.${e.name}`,
      e.value.map((v) => ({ name: v.name, number: v.number, deprecated: v.options?.deprecated ?? false })),
    );
  const addMessage = (prefix: string, m: DescriptorProto) => {
    const fullName = `${prefix}.${m.name}`;
    out.messages.set(
      fullName,
      m.field.map((f): FieldFact => {
        // descriptor.proto is proto2: an unset oneof_index reads as 0, so ask for presence.
        const inOneof = isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex);
        const oneof = inOneof ? m.oneofDecl[f.oneofIndex]?.name : undefined;
        return {
          name: f.name,
          number: f.number,
          type: f.typeName
            ? f.typeName.replace(/^\./, "")
            : FieldDescriptorProto_Type[f.type].replace("TYPE_", "").toLowerCase(),
          repeated: f.label === FieldDescriptorProto_Label.REPEATED,
          ...(oneof ? { oneof } : {}),
          deprecated: f.options?.deprecated ?? false,
        };
      }),
    );
    m.nestedType.forEach((nested) => addMessage(fullName, nested));
    m.enumType.forEach((nested) => addEnum(fullName, nested));
  };
  for (const file of files) {
    file.messageType.forEach((m) => addMessage(file.package, m));
    file.enumType.forEach((e) => addEnum(file.package, e));
  }
  return out;
}

const byNumber = <T extends { number: number; name: string }>(items: T[]) =>
  items.toSorted((a, b) => a.number - b.number || a.name.localeCompare(b.name));

let workDir = "";
let built: ApiFacts;
const facts = readApiFacts();
const generated = describeFiles([file_flow_flow.proto, file_observer_observer.proto, file_relay_relay.proto]);

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "observatory-buf-"));
  const image = join(workDir, "image.binpb");
  execFileSync(join(REPO_ROOT, "node_modules/.bin/buf"), ["build", "-o", image], { cwd: REPO_ROOT });
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(image));
  // Only the Hubble API files; our own services (observatory/…) are not Hubble's.
  built = describeFiles(set.file.filter((f) => /^(flow|observer|relay)\//.test(f.name)));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("our protos against ../shared/facts/hubble-api.md", () => {
  it("parses a plausible number of tables from the facts", () => {
    expect(facts.messages.size).toBeGreaterThanOrEqual(60);
    expect(facts.enums.size).toBeGreaterThanOrEqual(17);
  });

  it("defines exactly the messages and enums the facts list", () => {
    expect([...built.messages.keys()].toSorted()).toEqual([...facts.messages.keys()].toSorted());
    expect([...built.enums.keys()].toSorted()).toEqual([...facts.enums.keys()].toSorted());
  });

  it.each([...facts.messages.keys()])("message %s: every field name, number, type, label, oneof", (name) => {
    const expected = byNumber<FieldFact>(facts.messages.get(name) ?? []);
    expect(byNumber<FieldFact>(built.messages.get(name) ?? [])).toEqual(expected);
  });

  it.each([...facts.enums.keys()])("enum %s: every value name and number", (name) => {
    const expected = byNumber<EnumValueFact>(facts.enums.get(name) ?? []);
    expect(byNumber<EnumValueFact>(built.enums.get(name) ?? [])).toEqual(expected);
  });

  it("keeps the reserved numbers the facts name", () => {
    const flow = file_flow_flow.proto.messageType.find((m) => m.name === "Flow");
    const reserved = flow?.reservedRange.flatMap((r) => Array.from({ length: r.end - r.start }, (_, i) => r.start + i));
    expect(reserved?.toSorted((a, b) => a - b)).toEqual([7, 12, 17, 18]);
    const request = file_observer_observer.proto.messageType.find((m) => m.name === "GetFlowsRequest");
    expect(request?.reservedRange.map((r) => r.start)).toEqual([2]);
  });

  it("declares the six Observer RPCs with their streaming kinds", () => {
    const service = file_observer_observer.proto.service.find((s) => s.name === "Observer");
    expect(service?.method.map((m) => [m.name, m.inputType, m.outputType, m.serverStreaming])).toEqual([
      ["GetFlows", ".observer.GetFlowsRequest", ".observer.GetFlowsResponse", true],
      ["GetAgentEvents", ".observer.GetAgentEventsRequest", ".observer.GetAgentEventsResponse", true],
      ["GetDebugEvents", ".observer.GetDebugEventsRequest", ".observer.GetDebugEventsResponse", true],
      ["GetNodes", ".observer.GetNodesRequest", ".observer.GetNodesResponse", false],
      ["GetNamespaces", ".observer.GetNamespacesRequest", ".observer.GetNamespacesResponse", false],
      ["ServerStatus", ".observer.ServerStatusRequest", ".observer.ServerStatusResponse", false],
    ]);
  });

  it("imports flow/flow.proto publicly from observer.proto, as Cilium does", () => {
    const observer = file_observer_observer.proto;
    const flowIndex = observer.dependency.indexOf("flow/flow.proto");
    expect(observer.publicDependency).toContain(flowIndex);
  });

  it("commits generated code built from exactly these protos", () => {
    expect(generated).toEqual(built);
  });
});
