// Locates the recorded Hubble flow fixtures for Node-side tests and benchmarks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

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
