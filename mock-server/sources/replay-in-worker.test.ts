// The worker-thread replay against the in-thread one it wraps: the same events (byte for byte,
// and the encoding the server keeps is the event's own), the same bad-line reports, the same
// summary; a paced loop re-stamps in the worker; abort stops it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toBinary } from "@bufbuild/protobuf";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { readSample, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { encodedEvent } from "../server/pre-encoded.ts";
import { timestampMs } from "../server/timestamps.ts";
import { replayFiles } from "./replay-file.ts";
import { replayFilesInWorker } from "./replay-in-worker.ts";

const dir = mkdtempSync(join(tmpdir(), "observatory-replay-worker-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function both(files: string[]) {
  const run = async (replay: typeof eventByEvent) => {
    const events: GetFlowsResponse[] = [];
    const log: string[] = [];
    const summary = await replay(files, (e) => events.push(e), { write: (t: string) => log.push(t) }, { speed: 0, loop: false });
    return { events, log, summary };
  };
  return { inThread: await run(replayFiles), inWorker: await run(eventByEvent) };
}

/** The worker replay with replayFiles's one-event sink; it checks each run's envelopes on the way. */
function eventByEvent(files: string[], sink: (event: GetFlowsResponse) => void, log: { write(text: string): unknown }, options: Parameters<typeof replayFilesInWorker>[3]) {
  return replayFilesInWorker(files, (events, envelopes) => {
    // Compared whole (toEqual's byte-by-byte walk of a 20k-event run runs out of memory).
    const expected = Buffer.concat(events.map((event) => envelope(toBinary(GetFlowsResponseSchema, event))));
    expect(Buffer.compare(envelopes, expected)).toBe(0);
    for (const event of events) sink(event);
  }, log, options);
}

function envelope(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

const encoded = (events: GetFlowsResponse[]) => events.map((e) => Buffer.from(toBinary(GetFlowsResponseSchema, e)).toString("base64"));

describe("replayFilesInWorker", () => {
  it("serves every recorded sample exactly as the in-thread replay does, keeping each event's encoding", async () => {
    const { inThread, inWorker } = await both(sampleFlowFiles());
    expect(inWorker.summary).toEqual(inThread.summary);
    expect(inWorker.events).toHaveLength(1_488);
    expect(encoded(inWorker.events)).toEqual(encoded(inThread.events));
    // The bytes the fast path will stream are the worker's, and they are the event's encoding.
    for (const event of inWorker.events.slice(0, 50)) expect(encodedEvent(event)).toEqual(toBinary(GetFlowsResponseSchema, event));
    expect(inWorker.log).toEqual(inThread.log);
  });

  it("reports bad lines with file:line like the in-thread replay, and keeps every good line", async () => {
    const lines = readSample("basic-sample-10-flows.jsonl").trim().split("\n");
    const file = join(dir, "mixed.jsonl");
    writeFileSync(file, [lines[0], (lines[1] ?? "").slice(0, 100), "not json", ...lines.slice(2)].join("\n") + "\n");
    const { inThread, inWorker } = await both([file, join(dir, "missing.jsonl")]);
    expect(inWorker.summary).toEqual({ events: 9, badLines: 3, skipped: 0 });
    expect(inWorker.log).toEqual(inThread.log);
    expect(inWorker.log.join("")).toContain(`${file}:2: `);
    expect(inWorker.log.join("")).toMatch(/missing\.jsonl: cannot read: ENOENT/);
    expect(encoded(inWorker.events)).toEqual(encoded(inThread.events));
  });

  it("re-stamps a paced loop in the worker, time moving forward, until aborted", async () => {
    const file = join(dir, "three.jsonl");
    writeFileSync(file, readSample("basic-sample-10-flows.jsonl").trim().split("\n").slice(0, 3).join("\n") + "\n");
    const abort = new AbortController();
    const events: GetFlowsResponse[] = [];
    const started = Date.now();
    await eventByEvent([file], (e) => {
      events.push(e);
      if (events.length === 7) abort.abort();
    }, { write: () => undefined }, { speed: 1000, loop: true, signal: abort.signal });
    const ms = events.map((e) => (e.time ? timestampMs(e.time) : Number.NaN));
    expect(events.length).toBeGreaterThanOrEqual(7);
    // Re-stamped with the wall clock they were sent at, not the recording's 2021 times.
    expect(ms[0]).toBeGreaterThanOrEqual(started - 1_000);
    for (let i = 1; i < ms.length; i++) expect(ms[i]).toBeGreaterThanOrEqual(ms[i - 1] ?? 0);
  });

  it.each([
    ["keeping the first pass's encodings", undefined],
    ["with no room to keep them (every pass decodes again)", 0],
  ])("loops exactly as the in-thread replay does, %s", async (_name, passCacheBytes) => {
    const lines = readSample("basic-sample-10-flows.jsonl").trim().split("\n");
    const file = join(dir, "loop.jsonl");
    // A bad line: reported once, skipped on every pass.
    writeFileSync(file, [lines[0], "not json", ...lines.slice(1)].join("\n") + "\n");
    const passes = 4;
    const wanted = 10 * passes;
    const run = async (replay: typeof eventByEvent, extra: object) => {
      const abort = new AbortController();
      const events: GetFlowsResponse[] = [];
      const log: string[] = [];
      await replay([file], (e) => {
        events.push(e);
        if (events.length === wanted) abort.abort();
      }, { write: (t: string) => log.push(t) }, { speed: 0, loop: true, signal: abort.signal, ...extra });
      return { events: events.slice(0, wanted), log };
    };
    const inThread = await run(replayFiles, {});
    const inWorker = await run(eventByEvent, passCacheBytes === undefined ? {} : { passCacheBytes });
    expect(inWorker.events).toHaveLength(wanted);
    expect(encoded(inWorker.events)).toEqual(encoded(inThread.events));
    expect(inWorker.log.filter((t) => t.includes(`${file}:2: `))).toHaveLength(1);
    expect(inWorker.log.slice(0, 3)).toEqual(inThread.log.slice(0, 3));
    const ms = inWorker.events.map((e) => (e.time ? timestampMs(e.time) : Number.NaN));
    for (let pass = 1; pass < passes; pass++) expect(ms[pass * 10]).toBeGreaterThan(ms[pass * 10 - 1] ?? Infinity);
    for (const event of inWorker.events) expect(encodedEvent(event)).toEqual(toBinary(GetFlowsResponseSchema, event));
  });

  it("delivers a replay larger than the worker's in-flight bound whole and in order", async () => {
    const lines = readSample("basic-sample-400-tcp-flows.jsonl").trim().split("\n");
    const file = join(dir, "big.jsonl");
    // 24,000 events: past the 20,000 in flight at which the worker waits for acks.
    writeFileSync(file, Array.from({ length: 60 }, () => lines.join("\n")).join("\n") + "\n");
    const { inThread, inWorker } = await both([file]);
    expect(inWorker.summary).toEqual({ events: 24_000, badLines: 0, skipped: 0 });
    expect(encoded(inWorker.events)).toEqual(encoded(inThread.events));
  });
});
