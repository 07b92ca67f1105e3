// Builds large replay files for benchmarks from the recorded samples: the
// sample flows repeated with shifted times and spread over several nodes, so
// the server does real decoding, buffering and filtering work.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseFlowLines } from "../../src/domain/flow/json-line-decoder.ts";
import { formatFlowLine } from "../../src/domain/flow/json-line-writer.ts";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { readSample, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import type { ExportEvent } from "../../src/gen/observer/observer_pb.ts";

/** Every recorded sample event, in file order. */
export function sampleEvents(): ExportEvent[] {
  return sampleFlowFiles().flatMap((file) => {
    const name = file.split("/").at(-1) ?? file;
    return parseFlowLines(readSample(name), name).events.map((e) => e.event);
  });
}

/**
 * Writes `count` flows, `intervalUs` microseconds apart from `startMs`, over
 * `nodes` node names, as one JSON line each.
 */
export async function writeBenchFile(path: string, count: number, nodes: number, intervalUs: number, startMs = Date.UTC(2026, 0, 1)): Promise<void> {
  const events = sampleEvents();
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    const base = events[i % events.length] as ExportEvent;
    const totalNs = BigInt(startMs) * 1_000_000n + BigInt(i) * BigInt(intervalUs) * 1_000n;
    const time = create(TimestampSchema, { seconds: totalNs / 1_000_000_000n, nanos: Number(totalNs % 1_000_000_000n) });
    const nodeName = `bench-cluster/node-${i % nodes}`;
    const flow = base.responseTypes.case === "flow" ? { ...base.responseTypes.value, time, nodeName } : undefined;
    if (!flow) continue;
    const line = formatFlowLine({ ...base, responseTypes: { case: "flow", value: flow }, nodeName, time });
    if (!out.write(line + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
