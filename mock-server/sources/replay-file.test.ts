// Replaying real files: good lines next to bad ones are all served, every bad
// line is reported as file:line: reason, rotated gzip sets replay in order,
// and paced replays re-stamp times.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { readSample, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { timestampMs } from "../server/timestamps.ts";
import { replayFiles, type ReplayOptions } from "./replay-file.ts";
import { expandReplayInputs } from "./replay-inputs.ts";

const dir = mkdtempSync(join(tmpdir(), "observatory-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tenFlows = readSample("basic-sample-10-flows.jsonl").trim().split("\n");

async function replay(files: string[], options?: ReplayOptions) {
  const events: GetFlowsResponse[] = [];
  const log: string[] = [];
  const summary = await replayFiles(files, (e) => events.push(e), { write: (t: string) => log.push(t) }, options);
  return { events, log: log.join(""), summary };
}

const problems = (log: string) => log.split("\n").filter((line) => line !== "" && !line.startsWith("replay: "));
const times = (events: GetFlowsResponse[]) => events.map((e) => (e.time ? timestampMs(e.time) : NaN));

describe("replayFiles", () => {
  it("serves every flow of every recorded sample", async () => {
    const { events, summary, log } = await replay(sampleFlowFiles());
    expect(summary).toEqual({ events: 10 + 330 + 348 + 400 + 400, badLines: 0, skipped: 0 });
    expect(events.every((e) => e.responseTypes.case === "flow")).toBe(true);
    expect(problems(log)).toEqual([]);
  });

  it("reports each bad line with file:line and keeps every good line", async () => {
    const file = join(dir, "mixed.jsonl");
    const truncated = (tenFlows[1] ?? "").slice(0, 120);
    const wrongType = (tenFlows[2] ?? "").replace(/"source_port":\d+/, '"source_port":"not-a-port"');
    writeFileSync(file, [tenFlows[0], truncated, "this is not json", wrongType, ...tenFlows.slice(3)].join("\n") + "\n");

    const { events, summary, log } = await replay([file]);

    expect(summary.events).toBe(8);
    expect(summary.badLines).toBe(3);
    const lines = problems(log);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${file}:2: .*(truncated|end of input)`, "i"));
    expect(lines[1]).toMatch(new RegExp(`^${file}:3: .*not JSON`, "i"));
    expect(lines[2]).toMatch(new RegExp(`^${file}:4: .*source_port`));
    expect(log).toContain(`replay: ${file}: 8 events, 3 bad line(s)`);
    expect(events).toHaveLength(8);
  });

  it("reports a file that cannot be read and goes on with the next", async () => {
    const { summary, log } = await replay([join(dir, "missing.jsonl"), sampleFlowFiles()[0] ?? ""]);
    expect(log).toMatch(/missing\.jsonl: cannot read: ENOENT/);
    expect(summary.events).toBe(10);
  });

  it("replays a rotated exporter set, gzipped backups first, in time order", async () => {
    const set = join(dir, "hubble");
    mkdirSync(set);
    writeFileSync(join(set, "events-2021-06-16T16-52-00.000.log.gz"), gzipSync(tenFlows.slice(0, 3).join("\n") + "\n"));
    writeFileSync(join(set, "events-2021-06-16T16-52-10.000.log"), tenFlows.slice(3, 6).join("\n") + "\n");
    writeFileSync(join(set, "events.log"), tenFlows.slice(6).join("\n") + "\n");
    writeFileSync(join(set, "README.txt"), "not a flow file");
    const files = expandReplayInputs([set]);
    expect(files.map((f) => f.slice(set.length + 1))).toEqual([
      "events-2021-06-16T16-52-00.000.log.gz",
      "events-2021-06-16T16-52-10.000.log",
      "events.log",
    ]);
    const { events, summary } = await replay(files);
    expect(summary.events).toBe(10);
    const original = tenFlows.map((line) => Date.parse(JSON.parse(line).time));
    expect(times(events)).toEqual(original);
  });

  it("loops with shifted timestamps so time keeps moving forward", async () => {
    const file = join(dir, "three.jsonl");
    writeFileSync(file, tenFlows.slice(0, 3).join("\n") + "\n");
    const abort = new AbortController();
    const events: GetFlowsResponse[] = [];
    await replayFiles(file ? [file] : [], (e) => {
      events.push(e);
      if (events.length === 9) abort.abort();
    }, { write: () => undefined }, { speed: 0, loop: true, signal: abort.signal });
    const ms = times(events);
    expect(ms).toHaveLength(9);
    for (let i = 1; i < ms.length; i++) expect(ms[i]).toBeGreaterThanOrEqual(ms[i - 1] ?? 0);
    expect((ms[3] ?? 0) - (ms[2] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("paces by recorded time and re-stamps events with the time they are sent", async () => {
    const file = join(dir, "paced.jsonl");
    const lines = tenFlows.slice(0, 3).map((line, i) => {
      const json = JSON.parse(line);
      json.time = json.flow.time = new Date(Date.UTC(2021, 0, 1, 0, 0, i * 10)).toISOString();
      return JSON.stringify(json);
    });
    writeFileSync(file, lines.join("\n") + "\n");
    let fakeNow = 1_000_000;
    const { events } = await replay([file], { speed: 100, loop: false, now: () => (fakeNow += 1) });
    const ms = times(events);
    // 10 s apart recorded, at speed 100 → about 100 ms apart, from "now".
    expect(ms[0]).toBeGreaterThanOrEqual(1_000_000);
    expect(ms[0]).toBeLessThan(1_000_100);
    expect((ms[1] ?? 0) - (ms[0] ?? 0)).toBeCloseTo(100, -1);
    expect((ms[2] ?? 0) - (ms[1] ?? 0)).toBeCloseTo(100, -1);
    expect(readFileSync(file, "utf8")).toContain("2021-01-01T00:00:10.000Z");
  });
});
