// Replays Hubble JSON lines files (`hubble observe -o jsonpb`, exporter
// events.log and its rotated backups, gzipped or not) into the server's store.
// Bad lines are reported, one line each, as file:line: reason; every good line
// is served.
import { createReadStream } from "node:fs";
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from "node:timers/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { toGetFlowsResponse } from "../../src/domain/flow/export-event.ts";
import { createFlowLineDecoder, formatCounts, type FlowLineResult } from "../../src/domain/flow/json-line-decoder.ts";
import { timestampMs } from "../server/timestamps.ts";
import type { ReplayCache } from "./replay-pass-cache.ts";

export interface ReplayOptions {
  /** 1 = recorded pace, 2 = twice as fast, 0 = as fast as possible. */
  speed: number;
  /** Start again at the end, shifting timestamps so time keeps moving forward. */
  loop: boolean;
  signal?: AbortSignal;
  /** Wall clock, replaceable in tests. */
  now?: () => number;
}

export interface ReplaySummary {
  events: number;
  badLines: number;
  /** Agent and debug events: valid lines GetFlows cannot carry. */
  skipped: number;
}

interface Log {
  write(text: string): unknown;
}

const PROGRESS_INTERVAL_MS = 5_000;
/** At full speed, let sockets and timers run every so many events. */
const EVENTS_PER_YIELD = 2_000;

/**
 * Replays `files` in order into `sink`. With speed > 0 events are paced by
 * their recorded time and re-stamped with the wall-clock time they are sent,
 * so a live view sees them as current; at speed 0 times are kept (shifted by
 * whole passes when looping).
 */
export function replayFiles(
  files: string[],
  /** Takes each event; a promise it returns holds the replay back until it settles (back-pressure). */
  sink: (event: GetFlowsResponse) => unknown,
  log: Log,
  options: ReplayOptions = { speed: 0, loop: false },
): Promise<ReplaySummary> {
  return replayItems(files, { fromEvent: (event) => event, restamp }, sink, log, options);
}

/**
 * What a replay sends for each event: the decoded event itself (replayFiles), or its encoding
 * (the replay worker, which re-stamps bytes and keeps a looping replay's first pass).
 */
export interface ReplayCodec<T> {
  fromEvent(event: GetFlowsResponse): T;
  /** The item with its time (and its flow's) set to `ms`; may change `item` in place. */
  restamp(item: T, ms: number): T;
  cache?: ReplayCache<T>;
}

/** replayFiles over any codec: pacing, re-stamping, looping, progress and bad-line reports. */
export async function replayItems<T>(
  files: string[],
  codec: ReplayCodec<T>,
  sink: (item: T) => unknown,
  log: Log,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const now = options.now ?? Date.now;
  const summary: ReplaySummary = { events: 0, badLines: 0, skipped: 0 };
  const clock = { firstRecordedMs: undefined as number | undefined, startWallMs: now(), passShiftMs: 0 };
  let lastProgress = now();
  let pass = 0;
  const aborted = () => options.signal?.aborted === true;
  do {
    let passFirstMs: number | undefined;
    let passLastMs = 0;
    for (const file of files) {
      if (aborted()) return summary;
      const fileSummary = { events: 0, bad: 0 };
      // One event: paced, re-stamped, sent; progress said every few seconds.
      const deliver = async (item: T, eventMs: number | undefined, line: number) => {
        const recordedMs = eventMs ?? now();
        passFirstMs ??= recordedMs;
        passLastMs = Math.max(passLastMs, recordedMs);
        clock.firstRecordedMs ??= recordedMs;
        const accepted = sink(await pace(item, recordedMs));
        if (accepted instanceof Promise) await accepted;
        fileSummary.events++;
        if (fileSummary.events % EVENTS_PER_YIELD === 0) await yieldToEventLoop();
        if (now() - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now();
          log.write(`replay: ${file}: ${fileSummary.events} events so far (line ${line})\n`);
        }
      };
      const cached = codec.cache?.get(file);
      if (cached) {
        for (let i = 0; i < cached.count && !aborted(); i++) await deliver(cached.item(i), cached.recordedMs(i), cached.line(i));
        summary.skipped += cached.skipped;
      } else {
        const recorder = options.loop ? codec.cache?.record(file) : undefined;
        const decoder = createFlowLineDecoder({ source: file });
        const take = async (results: FlowLineResult[]) => {
          for (const result of results) {
            if (aborted()) return;
            if (result.kind === "error") {
              fileSummary.bad++;
              if (pass === 0) log.write(`${result.message}\n`);
              continue;
            }
            const event = toGetFlowsResponse(result.event);
            if (!event) {
              summary.skipped++;
              recorder?.skipped();
              continue;
            }
            const eventMs = event.time ? timestampMs(event.time) : undefined;
            const item = codec.fromEvent(event);
            recorder?.add(item, eventMs, result.line);
            await deliver(item, eventMs, result.line);
          }
        };
        try {
          for await (const chunk of openText(file)) {
            await take(decoder.push(chunk as string));
            if (aborted()) break;
          }
          await take(decoder.end());
          // Kept only when read whole: a later pass must send exactly what a fresh read would.
          if (!aborted()) recorder?.commit();
        } catch (error) {
          fileSummary.bad++;
          log.write(`${file}: cannot read: ${(error as Error).message}\n`);
        }
        if (pass === 0) {
          for (const line of formatCounts(decoder.stats.unknownFields)) log.write(`${file}: unknown field ${line}\n`);
          for (const line of formatCounts(decoder.stats.unknownEnumValues)) log.write(`${file}: unknown enum value ${line}\n`);
          log.write(`replay: ${file}: ${fileSummary.events} events, ${fileSummary.bad} bad line(s)\n`);
          summary.badLines += fileSummary.bad;
        }
      }
      summary.events += fileSummary.events;
    }
    // The next pass starts one second after this one ended.
    if (passFirstMs !== undefined) clock.passShiftMs += passLastMs - passFirstMs + 1_000;
    pass++;
    if (options.loop && passFirstMs === undefined) break; // nothing to loop over
  } while (options.loop && !aborted());
  return summary;

  async function pace(item: T, recordedMs: number): Promise<T> {
    const shiftedMs = recordedMs + clock.passShiftMs;
    if (options.speed <= 0) return clock.passShiftMs === 0 ? item : codec.restamp(item, shiftedMs);
    const dueMs = clock.startWallMs + (shiftedMs - (clock.firstRecordedMs ?? shiftedMs)) / options.speed;
    const waitMs = dueMs - now();
    if (waitMs > 1) await sleep(waitMs, undefined, { signal: options.signal }).catch(() => undefined);
    return codec.restamp(item, Math.max(dueMs, 0));
  }
}

/**
 * Gives the event (and its flow) a new time, in place: the event was decoded for this send and
 * nobody else holds it yet. (Copying a Flow's ~40 fields per event cost more than decoding it.)
 */
export function restamp(event: GetFlowsResponse, ms: number): GetFlowsResponse {
  const time: Timestamp = timestampFromMs(Math.round(ms));
  event.time = time;
  if (event.responseTypes.case === "flow") event.responseTypes.value.time = time;
  return event;
}

function openText(file: string): AsyncIterable<string | Buffer> {
  const raw: Readable = createReadStream(file);
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding("utf8");
  raw.on("error", (error) => stream.destroy(error));
  return stream;
}
