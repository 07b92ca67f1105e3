// Expands --replay arguments: a directory stands for the flow files in it, in
// rotation order. The exporter (lumberjack) names backups
// `events-2026-01-02T15-04-05.000.log[.gz]`, which sort before the active
// `events.log` ('-' < '.'), and among themselves by time: plain name order.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const FLOW_FILE = /\.(log|jsonl|json|ndjson)(\.gz)?$/;

export function expandReplayInputs(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return [path]; // reported as unreadable when replayed
    }
    if (!isDirectory) return [path];
    return readdirSync(path)
      .filter((name) => FLOW_FILE.test(name))
      .toSorted()
      .map((name) => join(path, name));
  });
}
