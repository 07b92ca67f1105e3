// observer.Observer as Hubble Relay serves it, over the FlowStore.
// Walking skeleton (issue #3): number/first/follow/since/until and node status.
// TODO(#4): whitelist/blacklist filters, field_mask, per-node rings, GetNodes
// and GetNamespaces details, windowed flows_rate.
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { LostEventSource } from "../../src/gen/flow/flow_pb.ts";
import {
  type GetFlowsRequest,
  type GetFlowsResponse,
  GetFlowsResponseSchema,
  Observer,
  ServerStatusResponseSchema,
} from "../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../src/gen/relay/relay_pb.ts";
import type { FlowStore } from "./flow-store.ts";
import { FollowQueue } from "./follow-queue.ts";

export interface ObserverOptions {
  store: FlowStore;
  /** This server's own node name, used on the notices it sends itself. */
  serverName: string;
  version: string;
  startedAt: number;
  /** Events a follower may fall behind by before events are dropped for it. */
  followQueueLimit?: number;
}

export function observerRoutes(options: ObserverOptions): (router: ConnectRouter) => void {
  return (router) =>
    router.service(Observer, {
      getFlows: (request, context) => getFlows(options, request, context),
      serverStatus: () =>
        create(ServerStatusResponseSchema, {
          numFlows: BigInt(options.store.size),
          maxFlows: BigInt(options.store.capacity),
          seenFlows: BigInt(options.store.seenFlows),
          uptimeNs: BigInt(Date.now() - options.startedAt) * 1_000_000n,
          numConnectedNodes: options.store.nodeNames.length,
          numUnavailableNodes: 0,
          version: options.version,
        }),
      // Relay serves neither stream; say so the way Relay does.
      getAgentEvents: () => {
        throw new ConnectError("GetAgentEvents is not implemented by Relay", Code.Unimplemented);
      },
      getDebugEvents: () => {
        throw new ConnectError("GetDebugEvents is not implemented by Relay", Code.Unimplemented);
      },
    });
}

async function* getFlows(
  options: ObserverOptions,
  request: GetFlowsRequest,
  context: HandlerContext,
): AsyncGenerator<GetFlowsResponse> {
  if (request.first && request.follow) {
    throw new ConnectError("first cannot be combined with follow", Code.InvalidArgument);
  }
  const { store } = options;
  const queue = new FollowQueue<GetFlowsResponse>(options.followQueueLimit ?? 65_536);
  // Subscribe before reading the backlog so nothing falls between the two.
  const unsubscribe = request.follow ? store.subscribe((event) => queue.push(event)) : undefined;
  try {
    yield nodeStatus(options, store.nodeNames);
    const until = request.until ? timestampMillis(request.until) : Infinity;
    const backlog = selectBacklog(store.snapshot(), request);
    let sent = 0n;
    for (const event of backlog) {
      if (eventMillis(event) > until) return;
      yield event;
      sent++;
    }
    if (!request.follow) return;
    queue.drain(); // events queued meanwhile are already in the backlog
    while (!context.signal.aborted) {
      await queue.wait(context.signal);
      const { items, lost } = queue.drain();
      if (lost > 0) yield lostEvents(options, lost);
      for (const event of items) {
        if (eventMillis(event) > until) return;
        if (request.number > 0n && request.since && sent >= request.number) return;
        yield event;
        sent++;
      }
    }
  } finally {
    unsubscribe?.();
  }
}

/** Applies number/first/since to the buffered events (facts C.3). */
export function selectBacklog(events: GetFlowsResponse[], request: GetFlowsRequest): GetFlowsResponse[] {
  const flows = events.filter((e) => e.responseTypes.case === "flow");
  if (request.since) {
    const since = timestampMillis(request.since);
    const fromSince = flows.filter((e) => eventMillis(e) >= since);
    return request.number > 0n ? fromSince.slice(0, Number(request.number)) : fromSince;
  }
  if (request.number === 0n) return request.follow ? [] : flows;
  const n = Number(request.number > BigInt(flows.length) ? BigInt(flows.length) : request.number);
  return request.first ? flows.slice(0, n) : flows.slice(flows.length - n);
}

function nodeStatus(options: ObserverOptions, nodeNames: string[]): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: "nodeStatus",
      value: { stateChange: NodeState.NODE_CONNECTED, nodeNames },
    },
    nodeName: options.serverName,
    time: timestampFromDate(new Date()),
  });
}

function lostEvents(options: ObserverOptions, count: number): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: "lostEvents",
      value: { source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: BigInt(count) },
    },
    nodeName: options.serverName,
    time: timestampFromDate(new Date()),
  });
}

function timestampMillis(ts: Timestamp): number {
  return timestampDate(ts).getTime();
}

function eventMillis(event: GetFlowsResponse): number {
  return event.time ? timestampMillis(event.time) : 0;
}
