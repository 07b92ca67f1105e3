// Locates the recorded Hubble flow fixtures for Node-side tests and benchmarks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { parseFlowLines } from "../../domain/flow/json-line-decoder.ts";

export const SAMPLES_DIR = fileURLToPath(new URL("../samples/", import.meta.url));

/** Absolute paths of every recorded `.jsonl` sample, sorted by name. */
export function sampleFlowFiles(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith(".jsonl"))
    .toSorted()
    .map((name) => join(SAMPLES_DIR, name));
}

export function readSample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), "utf8");
}

/** The flows of a recorded sample (`hubble observe -o jsonpb` lines), in file order. */
export function readSampleFlows(name: string): Flow[] {
  return parseFlowLines(readSample(name), name).events.flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : []));
}
