// Parses a Hubble JSON lines file (`hubble observe -o jsonpb`, exporter
// events.log) chunk by chunk with the shared domain decoder, reporting flows
// in batches, progress, and every bad line as file:line: reason. Runs in a
// Web Worker so a large file never blocks the page.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { createFlowLineDecoder, formatCounts, type FlowLineResult } from "../../domain/flow/json-line-decoder.ts";
import { type FromWorker, MAX_LISTED_BAD_LINES } from "./worker-protocol.ts";

const BATCH = 2_000;

export async function parseFile(file: File, post: (message: FromWorker) => void): Promise<void> {
  const decoder = createFlowLineDecoder({ source: file.name });
  let flows: Flow[] = [];
  let badLines: string[] = [];
  let listed = 0;
  let total = 0;
  let skipped = 0;
  let bytes = 0;
  const take = (results: FlowLineResult[]) => {
    for (const result of results) {
      if (result.kind === "error") {
        if (listed++ < MAX_LISTED_BAD_LINES) badLines.push(result.message);
        continue;
      }
      const { responseTypes } = result.event;
      if (responseTypes.case !== "flow") {
        skipped++;
        continue;
      }
      flows.push(responseTypes.value);
      total++;
      if (flows.length >= BATCH) {
        post({ kind: "flows", flows });
        flows = [];
      }
    }
    if (badLines.length > 0) {
      post({ kind: "bad-lines", messages: badLines });
      badLines = [];
    }
  };
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length; // characters, close enough to bytes for a progress bar
    take(decoder.push(value));
    post({ kind: "progress", bytes: Math.min(bytes, file.size), total: file.size });
  }
  take(decoder.end());
  if (flows.length > 0) post({ kind: "flows", flows });
  post({ kind: "done", flows: total, badLines: decoder.stats.errors, skipped, unknownFields: formatCounts(decoder.stats.unknownFields) });
}
