// One GetFlows call, independent of the transport: validation, the node-status
// notices, the merged backlog, then followed events — in batches, so a
// transport can write many events at once (the fast gRPC path) or one by one
// (Connect). Filters decide which flows count; notices are never filtered.
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Flow, LostEventSource } from "../../src/gen/flow/flow_pb.ts";
import { type GetFlowsRequest, type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../src/gen/relay/relay_pb.ts";
import { compileFieldMask, InvalidFieldMaskError } from "../../src/domain/flow/field-mask.ts";
import { compileFilters } from "../../src/domain/filters/compile-flow-filter.ts";
import { InvalidFilterError } from "../../src/domain/filters/invalid-filter-error.ts";
import type { FlowStore } from "./flow-store.ts";
import { FollowQueue } from "./follow-queue.ts";
import { eventMs, type FlowSelection, selectBacklog } from "./get-flows.ts";
import { timestampMs } from "./timestamps.ts";

export interface GetFlowsOptions {
  store: FlowStore;
  /** This server's own node name, used on the notices it sends itself. */
  serverName: string;
  /** Nodes a source knows but cannot reach now (relay bridge). */
  unavailableNodes?: () => string[];
  /** Events a follower may fall behind by before events are dropped for it. */
  followQueueLimit?: number;
}

/** A validated request: which flows count, and the field mask to apply to each. */
export interface CompiledRequest {
  selection: FlowSelection;
  mask?: (flow: Flow) => Flow;
  /** No filter, mask or `until`: every followed event is sent as it is. */
  sendsAll: boolean;
}

/**
 * Followed events sent as the gRPC envelopes the store was given with them (EventRun): a
 * transport that frames messages itself writes `bytes` as they are.
 */
export class FramedEvents {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** What a stream sends next: events, and (only when asked for) runs of them already framed. */
export type StreamBatch = (GetFlowsResponse | FramedEvents)[];

/** Validates and compiles a request; throws INVALID_ARGUMENT naming the bad field. */
export function compileRequest(request: GetFlowsRequest): CompiledRequest {
  if (request.first && request.follow) {
    throw new ConnectError("first cannot be combined with follow", Code.InvalidArgument);
  }
  try {
    const keep = compileFilters({ whitelist: request.whitelist, blacklist: request.blacklist });
    const paths = request.fieldMask?.paths ?? [];
    return {
      selection: {
        keep,
        ...(request.since ? { sinceMs: timestampMs(request.since) } : {}),
        ...(request.until ? { untilMs: timestampMs(request.until) } : {}),
      },
      ...(paths.length > 0 ? { mask: compileFieldMask(paths) } : {}),
      sendsAll: request.whitelist.length === 0 && request.blacklist.length === 0 && paths.length === 0 && !request.until,
    };
  } catch (error) {
    if (error instanceof InvalidFilterError || error instanceof InvalidFieldMaskError) {
      throw new ConnectError(error.message, Code.InvalidArgument);
    }
    throw error;
  }
}

/** Backlog events per batch: big enough to amortise a write, small enough to interleave streams. */
const BACKLOG_BATCH = 512;
/**
 * A follower waits this long after the first new event before sending, so events that arrive one
 * at a time go out in batches: one write per stream every 10 ms instead of one per event, which at
 * 20 followers × 5k flows/s is the difference between 2,000 and 100,000 writes a second.
 */
const FOLLOW_COALESCE_MS = 10;

/**
 * The responses of one GetFlows call, in batches, until the backlog is sent (no follow), `until`
 * passes, or `signal` aborts. The request must have been compiled by `compileRequest` first, so
 * that a bad request fails before anything is sent. With `framed`, a follower that sends every
 * event gets runs the store has envelopes for as FramedEvents; without, only events.
 */
export async function* getFlowsBatches(
  options: GetFlowsOptions,
  request: GetFlowsRequest,
  compiled: CompiledRequest,
  signal: AbortSignal,
  framed = false,
): AsyncGenerator<StreamBatch> {
  const { selection, mask } = compiled;
  const { store } = options;
  const queue = new FollowQueue(options.followQueueLimit ?? 65_536);
  // Subscribe and snapshot with no await in between: every event is then
  // either in the backlog or in the queue, never both, never neither.
  const unsubscribe = request.follow ? store.subscribe((run) => queue.push(run)) : undefined;
  const backlog = selectBacklog(store.nodes(), request, selection);
  const present = (event: GetFlowsResponse): GetFlowsResponse =>
    mask && event.responseTypes.case === "flow" ? { ...event, responseTypes: { case: "flow", value: mask(event.responseTypes.value) } } : event;
  try {
    const notices = [nodeStatusResponse(options.serverName, NodeState.NODE_CONNECTED, store.nodeNames)];
    const unavailable = options.unavailableNodes?.() ?? [];
    if (unavailable.length > 0) notices.push(nodeStatusResponse(options.serverName, NodeState.NODE_UNAVAILABLE, unavailable));
    yield notices;
    for (let i = 0; i < backlog.length; i += BACKLOG_BATCH) {
      yield (mask ? backlog.slice(i, i + BACKLOG_BATCH).map(present) : backlog.slice(i, i + BACKLOG_BATCH));
    }
    if (!request.follow) return;
    const untilMs = selection.untilMs;
    const sendFramed = framed && compiled.sendsAll;
    while (!signal.aborted) {
      await queue.wait(signal);
      await sleep(FOLLOW_COALESCE_MS, undefined, { signal }).catch(() => undefined);
      const { runs, lost } = queue.drain();
      const batch: StreamBatch = lost > 0 ? [lostEvents(options.serverName, lost)] : [];
      let ended = false;
      for (const run of runs) {
        if (sendFramed && run.envelopes !== undefined) {
          batch.push(new FramedEvents(run.envelopes));
          continue;
        }
        for (const event of run.events) {
          if (untilMs !== undefined && eventMs(event) > untilMs) {
            ended = true;
            break;
          }
          const kind = event.responseTypes.case;
          if (kind === "flow" && !selection.keep(event.responseTypes.value as Flow)) continue;
          if (kind === "flow" || kind === "lostEvents" || kind === "nodeStatus") batch.push(present(event));
        }
        if (ended) break;
      }
      if (batch.length > 0) yield batch;
      if (ended) return;
    }
  } finally {
    unsubscribe?.();
  }
}

/** A node_status response, stamped now, sent by `sender` (this server, or a relay we bridge). */
export function nodeStatusResponse(sender: string, state: NodeState, nodeNames: string[], message = ""): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: { case: "nodeStatus", value: { stateChange: state, nodeNames, message } },
    nodeName: sender,
    time: timestampFromDate(new Date()),
  });
}

function lostEvents(serverName: string, count: number): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: "lostEvents",
      value: { source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: BigInt(count) },
    },
    nodeName: serverName,
    time: timestampFromDate(new Date()),
  });
}
