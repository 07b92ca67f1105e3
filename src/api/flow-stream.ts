// The live GetFlows stream as the page needs it: batches at most a few times
// per second, reconnects with exponential backoff when the stream breaks, and
// resumes with `since` = the last flow's time, dropping the flows at that
// boundary it already delivered, so no row appears twice. A resume after a
// break is reported as a gap (flows may have been missed meanwhile), after
// every flow received before the break and before any flow of the resumed
// stream, so a consumer can mark the place between them.
import { Code, ConnectError } from "@connectrpc/connect";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Flow, FlowFilter } from "../gen/flow/flow_pb.ts";
import { eventTime, responseTime, ResumeCursor } from "../domain/flow/resume-cursor.ts";
import type { ObserverClient } from "./observer-client.ts";

export type StreamState =
  | { kind: "connecting"; attempt: number }
  | { kind: "streaming"; since: number }
  | { kind: "retrying"; attempt: number; retryAt: number; error: string }
  | { kind: "failed"; error: string }
  | { kind: "stopped" };

export interface StreamGap {
  /**
   * Last flow time before the break (ms, truncated like the table's
   * Timestamp column), or undefined when nothing had arrived.
   */
  fromMs: number | undefined;
  /** Wall-clock ms when the stream was back. */
  resumedAt: number;
}

export interface FlowStreamListener {
  flows(batch: readonly Flow[]): void;
  state(state: StreamState): void;
  gap(gap: StreamGap): void;
  lost(count: number): void;
}

export interface FlowStreamOptions {
  whitelist: FlowFilter[];
  blacklist: FlowFilter[];
  /** Flows of history to ask for on the first connect (per node, as Relay counts). */
  backlog: number;
  publishIntervalMs?: number;
  /** Backoff: first delay, cap; doubled per failed attempt, with ±20 % jitter. */
  minRetryMs?: number;
  maxRetryMs?: number;
  random?: () => number;
}

/**
 * Decoding time between two yields to the event loop. A network chunk can hold thousands of
 * flows (a burst, or a page that fell behind), and decoding them in one task (~50 µs each)
 * would freeze the page; 8 ms slices leave room for frames at 60 fps.
 */
const DECODE_SLICE_MS = 8;

/** Resolves in a new task (a message, not a clamped timer), after pending input and rendering. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener(
      "message",
      () => {
        port1.close();
        resolve();
      },
      { once: true },
    );
    // addEventListener (unlike the onmessage setter) does not start the port by itself.
    port1.start();
    port2.postMessage(undefined);
  });
}

/** Errors that no retry can fix: the request itself is wrong. */
function isPermanent(error: unknown): boolean {
  const code = error instanceof ConnectError ? error.code : undefined;
  return code === Code.InvalidArgument || code === Code.Unimplemented || code === Code.PermissionDenied || code === Code.Unauthenticated;
}

/**
 * Milliseconds of a timestamp, truncated: the library's timestampMs rounds, so
 * the gap could start a millisecond after the last row's printed time.
 */
function flooredMs(time: Timestamp): number {
  return Number(time.seconds) * 1000 + Math.floor(time.nanos / 1e6);
}

export class FlowStream {
  private readonly client: ObserverClient;
  private readonly options: Required<Omit<FlowStreamOptions, "random">> & { random: () => number };
  private readonly listener: FlowStreamListener;
  private readonly abort = new AbortController();
  private pending: Flow[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Where to resume, and which repeats to drop when we do. */
  private readonly cursor = new ResumeCursor();

  constructor(client: ObserverClient, options: FlowStreamOptions, listener: FlowStreamListener) {
    this.client = client;
    this.listener = listener;
    this.options = {
      publishIntervalMs: 200,
      minRetryMs: 500,
      maxRetryMs: 30_000,
      random: Math.random,
      ...options,
    };
  }

  /** Runs until stop(): connect, stream, and on failure wait and resume. */
  async run(): Promise<void> {
    let attempt = 0;
    let broken = false;
    const { signal } = this.abort;
    while (!signal.aborted) {
      this.listener.state({ kind: "connecting", attempt });
      try {
        const since = this.cursor.startStream();
        const stream = this.client.getFlows(
          {
            follow: true,
            whitelist: this.options.whitelist,
            blacklist: this.options.blacklist,
            ...(since ? { since } : { number: BigInt(this.options.backlog) }),
          },
          { signal },
        );
        let announced = false;
        let sliceStart = performance.now();
        for await (const response of stream) {
          if (performance.now() - sliceStart > DECODE_SLICE_MS) {
            await yieldToEventLoop();
            sliceStart = performance.now();
          }
          if (!announced) {
            announced = true;
            attempt = 0;
            this.listener.state({ kind: "streaming", since: Date.now() });
            if (broken) this.listener.gap({ fromMs: since ? flooredMs(since) : undefined, resumedAt: Date.now() });
            broken = false;
          }
          const time = responseTime(response);
          if (!this.cursor.admit(response, time ? eventTime(time) : undefined)) continue;
          const { case: kind, value } = response.responseTypes;
          if (kind === "flow") this.accept(value);
          else if (kind === "lostEvents") this.listener.lost(Number(value.numEventsLost));
        }
        if (signal.aborted) break;
        throw new ConnectError("the server ended the stream", Code.Unavailable);
      } catch (error) {
        if (signal.aborted) break;
        this.flush();
        const message = error instanceof Error ? error.message : String(error);
        if (isPermanent(error)) {
          this.listener.state({ kind: "failed", error: message });
          return;
        }
        broken = true;
        const delay = this.backoff(attempt++);
        this.listener.state({ kind: "retrying", attempt, retryAt: Date.now() + delay, error: message });
        await new Promise<void>((resolve) => {
          const wake = setTimeout(resolve, delay);
          signal.addEventListener("abort", () => { clearTimeout(wake); resolve(); }, { once: true });
        });
      }
    }
    // Stopped on purpose: whatever is pending belongs to a view that is gone.
    this.pending = [];
    this.listener.state({ kind: "stopped" });
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.timer);
  }

  backoff(attempt: number): number {
    const base = Math.min(this.options.maxRetryMs, this.options.minRetryMs * 2 ** attempt);
    return Math.round(base * (0.8 + 0.4 * this.options.random()));
  }

  private accept(flow: Flow): void {
    if (flow.time) this.cursor.forwarded(flow, flow.time);
    this.pending.push(flow);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.publishIntervalMs);
  }

  private flush(): void {
    if (this.pending.length === 0 || this.abort.signal.aborted) return;
    const batch = this.pending;
    this.pending = [];
    this.listener.flows(batch);
  }
}
