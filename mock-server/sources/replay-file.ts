// Replays Hubble JSON lines files (`hubble observe -o jsonpb`, exporter
// events.log) into the server's store. Bad lines are reported, one line each,
// as file:line: reason; every good line is served.
// Walking skeleton (issue #3): loads as fast as possible.
// TODO(#4): --speed (recorded pace), --loop with shifted timestamps, rotated sets.
import { createReadStream } from "node:fs";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { toGetFlowsResponse } from "../../src/domain/flow/export-event.ts";
import { createFlowLineDecoder, formatCounts, type FlowLineResult } from "../../src/domain/flow/json-line-decoder.ts";

export interface ReplaySummary {
  events: number;
  badLines: number;
  /** Agent and debug events: valid lines GetFlows cannot carry. */
  skipped: number;
}

interface Writable {
  write(text: string): unknown;
}

/** Reads each file in turn, handing every GetFlows-able event to `sink`. */
export async function replayFiles(
  files: string[],
  sink: (event: GetFlowsResponse) => void,
  log: Writable,
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { events: 0, badLines: 0, skipped: 0 };
  for (const file of files) {
    const decoder = createFlowLineDecoder({ source: file });
    const take = (results: FlowLineResult[]) => {
      for (const result of results) {
        if (result.kind === "error") {
          summary.badLines++;
          log.write(`${result.message}\n`);
          continue;
        }
        const event = toGetFlowsResponse(result.event);
        if (!event) {
          summary.skipped++;
          continue;
        }
        summary.events++;
        sink(event);
      }
    };
    try {
      for await (const chunk of createReadStream(file, { encoding: "utf8" })) take(decoder.push(chunk as string));
      take(decoder.end());
    } catch (error) {
      summary.badLines++;
      log.write(`${file}: cannot read: ${(error as Error).message}\n`);
      continue;
    }
    for (const line of formatCounts(decoder.stats.unknownFields)) log.write(`${file}: unknown field ${line}\n`);
    for (const line of formatCounts(decoder.stats.unknownEnumValues)) log.write(`${file}: unknown enum value ${line}\n`);
  }
  return summary;
}
