// observer.Observer as Hubble Relay serves it, over the FlowStore (facts A.1,
// C). Every request is validated up front: bad filters and field masks fail
// with INVALID_ARGUMENT naming the field, before any response is sent.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import {
  type GetFlowsRequest,
  type GetFlowsResponse,
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  Observer,
  ServerStatusResponseSchema,
} from "../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../src/gen/relay/relay_pb.ts";
import { compileRequest, FramedEvents, type GetFlowsOptions, getFlowsBatches } from "./get-flows-stream.ts";
import { preEncoded } from "./pre-encoded.ts";

export interface ObserverOptions extends GetFlowsOptions {
  version: string;
  startedAt: number;
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

async function* getFlows(options: ObserverOptions, request: GetFlowsRequest, context: HandlerContext): AsyncGenerator<GetFlowsResponse> {
  const compiled = compileRequest(request);
  // JSON codecs serialise the decoded event; binary ones get its cached encoding (pre-encoded.ts).
  const binary = !(context.requestHeader.get("content-type") ?? "").includes("json");
  // Not asked for framed runs: every item is an event.
  for await (const batch of getFlowsBatches(options, request, compiled, context.signal)) {
    for (const event of batch) if (!(event instanceof FramedEvents)) yield binary && !compiled.mask ? preEncoded(event) : event;
  }
}
