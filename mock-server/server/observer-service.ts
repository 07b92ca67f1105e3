// observer.Observer as Hubble Relay serves it, over the FlowStore (facts A.1,
// C). Every request is validated up front: bad filters and field masks fail
// with INVALID_ARGUMENT naming the field, before any response is sent.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { type Flow, LostEventSource } from "../../src/gen/flow/flow_pb.ts";
import {
  type GetFlowsRequest,
  type GetFlowsResponse,
  GetFlowsResponseSchema,
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  Observer,
  ServerStatusResponseSchema,
} from "../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../src/gen/relay/relay_pb.ts";
import { compileFieldMask, InvalidFieldMaskError } from "../../src/domain/flow/field-mask.ts";
import { compileFilters } from "../../src/domain/filters/compile-flow-filter.ts";
import { InvalidFilterError } from "../../src/domain/filters/invalid-filter-error.ts";
import type { FlowStore } from "./flow-store.ts";
import { FollowQueue } from "./follow-queue.ts";
import { eventMs, type FlowSelection, selectBacklog } from "./get-flows.ts";
import { timestampMs } from "./timestamps.ts";

export interface ObserverOptions {
  store: FlowStore;
  /** This server's own node name, used on the notices it sends itself. */
  serverName: string;
  version: string;
  startedAt: number;
  /** Nodes a source knows but cannot reach now (relay bridge). */
  unavailableNodes?: () => string[];
  /** Events a follower may fall behind by before events are dropped for it. */
  followQueueLimit?: number;
}

export function observerRoutes(options: ObserverOptions): (router: ConnectRouter) => void {
  const { store } = options;
  return (router) =>
    router.service(Observer, {
      getFlows: (request, context) => getFlows(options, request, context),
      serverStatus: () => {
        const unavailable = options.unavailableNodes?.() ?? [];
        const down = new Set(unavailable);
        return create(ServerStatusResponseSchema, {
          numFlows: BigInt(store.size),
          maxFlows: BigInt(store.capacity),
          seenFlows: BigInt(store.seenFlows),
          uptimeNs: BigInt(Date.now() - options.startedAt) * 1_000_000n,
          numConnectedNodes: store.nodeNames.filter((name) => !down.has(name)).length,
          numUnavailableNodes: unavailable.length,
          unavailableNodes: unavailable.slice(0, 10),
          version: options.version,
          flowsRate: store.flowsRate(),
        });
      },
      getNodes: () => {
        const unavailable = options.unavailableNodes?.() ?? [];
        const down = new Set(unavailable);
        const buffered = new Set(store.nodeNames);
        return create(GetNodesResponseSchema, {
          nodes: [
            ...store.nodes().map((ring) => ({
              name: ring.name,
              version: options.version,
              state: down.has(ring.name) ? NodeState.NODE_UNAVAILABLE : NodeState.NODE_CONNECTED,
              uptimeNs: BigInt(Date.now() - ring.firstSeenMs) * 1_000_000n,
              numFlows: BigInt(ring.size),
              maxFlows: BigInt(ring.capacity),
              seenFlows: BigInt(ring.seenFlows),
            })),
            ...unavailable.filter((name) => !buffered.has(name)).map((name) => ({ name, state: NodeState.NODE_UNAVAILABLE })),
          ],
        });
      },
      getNamespaces: () => create(GetNamespacesResponseSchema, { namespaces: store.activeNamespaces() }),
      // Relay serves neither stream; say so the way Relay does.
      getAgentEvents: () => {
        throw new ConnectError("GetAgentEvents is not implemented by Relay", Code.Unimplemented);
      },
      getDebugEvents: () => {
        throw new ConnectError("GetDebugEvents is not implemented by Relay", Code.Unimplemented);
      },
    });
}

interface CompiledRequest {
  selection: FlowSelection;
  mask?: (flow: Flow) => Flow;
}

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
    };
  } catch (error) {
    if (error instanceof InvalidFilterError || error instanceof InvalidFieldMaskError) {
      throw new ConnectError(error.message, Code.InvalidArgument);
    }
    throw error;
  }
}

async function* getFlows(
  options: ObserverOptions,
  request: GetFlowsRequest,
  context: HandlerContext,
): AsyncGenerator<GetFlowsResponse> {
  const { selection, mask } = compileRequest(request);
  const { store } = options;
  const queue = new FollowQueue<GetFlowsResponse>(options.followQueueLimit ?? 65_536);
  // Subscribe and snapshot with no await in between: every event is then
  // either in the backlog or in the queue, never both, never neither.
  const unsubscribe = request.follow ? store.subscribe((event) => queue.push(event)) : undefined;
  const backlog = selectBacklog(store.nodes(), request, selection);
  const present = (event: GetFlowsResponse): GetFlowsResponse => {
    if (!mask || event.responseTypes.case !== "flow") return event;
    return { ...event, responseTypes: { case: "flow", value: mask(event.responseTypes.value) } };
  };
  try {
    yield nodeStatusResponse(options.serverName, NodeState.NODE_CONNECTED, store.nodeNames);
    const unavailable = options.unavailableNodes?.() ?? [];
    if (unavailable.length > 0) yield nodeStatusResponse(options.serverName, NodeState.NODE_UNAVAILABLE, unavailable);
    for (const event of backlog) yield present(event);
    if (!request.follow) return;
    const untilMs = selection.untilMs ?? Infinity;
    while (!context.signal.aborted) {
      await queue.wait(context.signal);
      const { items, lost } = queue.drain();
      if (lost > 0) yield lostEvents(options, lost);
      for (const event of items) {
        if (eventMs(event) > untilMs) return;
        const kind = event.responseTypes.case;
        if (kind === "flow" && !selection.keep(event.responseTypes.value as Flow)) continue;
        if (kind === "flow" || kind === "lostEvents" || kind === "nodeStatus") yield present(event);
      }
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
