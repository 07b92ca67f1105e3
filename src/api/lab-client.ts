// The browser's transport to observatory.lab.v1.Lab, the simulator's stage service: the
// scenario and its stages as a TanStack Query (GetLab), and the WatchStages stream with
// reconnect. Only a server running the simulator has this service; a replay or relay server
// answers UNIMPLEMENTED, which means "no lab here" (the page then offers user markers only),
// not an error to retry or to show.
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { queryOptions } from "@tanstack/react-query";
import { Lab, type StageChange } from "../gen/observatory/lab/v1/lab_pb.ts";

export type LabClient = Client<typeof Lab>;

/** A Lab client for the same endpoint as the observer client (`?server=` included, see apiBaseUrl). */
export function createLabClient(baseUrl: string): LabClient {
  return createClient(Lab, createGrpcWebTransport({ baseUrl }));
}

/** True when the server has no lab simulator (replay, a real relay, an older Observatory). */
export function isNoLab(error: unknown): boolean {
  return error instanceof ConnectError && (error.code === Code.Unimplemented || error.code === Code.NotFound);
}

/** Errors that no retry can fix. */
function isPermanent(error: unknown): boolean {
  return isNoLab(error) || (error instanceof ConnectError && (error.code === Code.InvalidArgument || error.code === Code.PermissionDenied || error.code === Code.Unauthenticated));
}

/** Query keys of the Lab service, keyed by API endpoint like the observer's. */
export const labKeys = {
  all: (baseUrl: string) => ["lab", baseUrl] as const,
  lab: (baseUrl: string) => ["lab", baseUrl, "get-lab"] as const,
};

/** Retries transient failures a few times; never "no lab here". */
export function retryGetLab(failures: number, error: unknown): boolean {
  return !isPermanent(error) && failures < 3;
}

/**
 * GetLab: scenario, stages, current stage and history. The stage list is fixed for a run, so it
 * is never refetched on a timer, except after a transient failure (the server may be starting).
 */
export function labQuery(client: LabClient, baseUrl: string) {
  return queryOptions({
    queryKey: labKeys.lab(baseUrl),
    queryFn: ({ signal }) => client.getLab({}, { signal }),
    retry: retryGetLab,
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.status === "error" && !isPermanent(query.state.error) ? 10_000 : false),
  });
}

export type StageWatchState =
  | { kind: "connecting"; attempt: number }
  | { kind: "watching" }
  | { kind: "retrying"; attempt: number; retryAt: number; error: string }
  | { kind: "failed"; error: string }
  | { kind: "stopped" };

export interface StageWatchListener {
  change(change: StageChange): void;
  state(state: StageWatchState): void;
}

export interface StageWatchOptions {
  /** Backoff: first delay, cap; doubled per failed attempt, with ±20 % jitter (as the flow stream). */
  minRetryMs?: number;
  maxRetryMs?: number;
  random?: () => number;
}

/** Delay before retry `attempt` (0-based): min × 2^attempt, capped, ±20 % jitter. */
export function retryDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, minMs * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * WatchStages until stop(): the server sends the current stage first, then every change, so a
 * reconnect needs no resume point; a repeated change is harmless (markers dedupe by time).
 */
export class StageWatch {
  private readonly client: LabClient;
  private readonly listener: StageWatchListener;
  private readonly options: Required<StageWatchOptions>;
  private readonly abort = new AbortController();

  constructor(client: LabClient, listener: StageWatchListener, options: StageWatchOptions = {}) {
    this.client = client;
    this.listener = listener;
    this.options = { minRetryMs: 1_000, maxRetryMs: 30_000, random: Math.random, ...options };
  }

  async run(): Promise<void> {
    const { signal } = this.abort;
    let attempt = 0;
    while (!signal.aborted) {
      this.listener.state({ kind: "connecting", attempt });
      try {
        let announced = false;
        for await (const change of this.client.watchStages({}, { signal })) {
          if (!announced) {
            announced = true;
            attempt = 0;
            this.listener.state({ kind: "watching" });
          }
          this.listener.change(change);
        }
        if (signal.aborted) break;
        throw new ConnectError("the server ended the stage stream", Code.Unavailable);
      } catch (error) {
        if (signal.aborted) break;
        const message = error instanceof Error ? error.message : String(error);
        if (isPermanent(error)) {
          this.listener.state({ kind: "failed", error: message });
          return;
        }
        const delay = retryDelay(attempt++, this.options.minRetryMs, this.options.maxRetryMs, this.options.random);
        this.listener.state({ kind: "retrying", attempt, retryAt: Date.now() + delay, error: message });
        await new Promise<void>((resolve) => {
          const wake = setTimeout(resolve, delay);
          signal.addEventListener("abort", () => { clearTimeout(wake); resolve(); }, { once: true });
        });
      }
    }
    this.listener.state({ kind: "stopped" });
  }

  stop(): void {
    this.abort.abort();
  }
}
