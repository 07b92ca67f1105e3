// Replaying real files: good lines next to bad ones are all served, and every
// bad line is reported as file:line: reason.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { readSample, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { replayFiles } from "./replay-file.ts";

const dir = mkdtempSync(join(tmpdir(), "observatory-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(files: string[]) {
  const events: GetFlowsResponse[] = [];
  const log: string[] = [];
  const summary = await replayFiles(files, (e) => events.push(e), { write: (t: string) => log.push(t) });
  return { events, log: log.join(""), summary };
}

describe("replayFiles", () => {
  it("serves every flow of every recorded sample", async () => {
    const { events, summary, log } = await replay(sampleFlowFiles());
    expect(summary).toEqual({ events: 10 + 330 + 348 + 400 + 400, badLines: 0, skipped: 0 });
    expect(events.every((e) => e.responseTypes.case === "flow")).toBe(true);
    expect(log).toBe("");
  });

  it("reports each bad line with file:line and keeps every good line", async () => {
    const good = readSample("basic-sample-10-flows.jsonl").trim().split("\n");
    const file = join(dir, "mixed.jsonl");
    const truncated = (good[1] ?? "").slice(0, 120);
    const wrongType = (good[2] ?? "").replace(/"source_port":\d+/, '"source_port":"not-a-port"');
    writeFileSync(file, [good[0], truncated, "this is not json", wrongType, ...good.slice(3)].join("\n") + "\n");

    const { events, summary, log } = await replay([file]);

    expect(summary.events).toBe(8);
    expect(summary.badLines).toBe(3);
    const lines = log.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${file}:2: .*(truncated|end of input)`, "i"));
    expect(lines[1]).toMatch(new RegExp(`^${file}:3: .*not JSON`, "i"));
    expect(lines[2]).toMatch(new RegExp(`^${file}:4: .*source_port`));
    const times = events.map((e) => e.time?.seconds);
    expect(times).toHaveLength(8);
  });

  it("reports a file that cannot be read and goes on with the next", async () => {
    const { summary, log } = await replay([join(dir, "missing.jsonl"), sampleFlowFiles()[0] ?? ""]);
    expect(log).toMatch(/missing\.jsonl: cannot read: ENOENT/);
    expect(summary.events).toBe(10);
  });
});
