// `--relay`: Observatory as a client of one or more real Hubble Relays over
// native gRPC (h2c or TLS/mTLS). Each relay gets a follow GetFlows stream that
// survives relay restarts (relay-connection.ts); the streams are merged by
// time (time-merge-queue.ts) and handed to the sink, node names tagged with
// the relay's NAME as Relay names nodes in a cluster mesh.
import type { Client } from "@connectrpc/connect";
import type {
  GetFlowsResponse,
  GetNamespacesResponse,
  GetNodesResponse,
  Observer,
  ServerStatusResponse,
} from "../../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { type BackoffOptions, DEFAULT_BACKOFF } from "./backoff.ts";
import { RelayConnection } from "./relay-connection.ts";
import { parseRelayFlags, RelayFlagError } from "./relay-flag.ts";
import { type KeepaliveOptions, loadRelayTls, type RelayTlsOptions } from "./relay-transport.ts";
import type { RelayBridgeSink, RelayInfo } from "./relay-types.ts";
import { mergeNamespaces, mergeNodes, mergeServerStatus, type RelayAnswer } from "./unary-merge.ts";
import { type EventTime, TimeMergeQueue } from "./time-merge-queue.ts";

export interface RelayBridgeOptions extends RelayTlsOptions {
  /** `--relay [NAME=]HOST:PORT`, repeatable (validated again here). */
  relays: { name?: string; address: string }[];
  /** Flows each relay sends first, before following (`number`; default 4095, Hubble's usual ring size). */
  backlog?: number;
  /** Longest wait for a slower relay when merging (Relay's sort-buffer-drain-timeout; default 1000 ms). */
  sortWindowMs?: number;
  /** Events held for merging at most (default backlog × relays, from 100 to 16384). */
  sortBufferSize?: number;
  backoff?: Partial<BackoffOptions>;
  /** An attempt whose connection (TCP, TLS) is not up by then is given up (default 10 s). */
  connectTimeoutMs?: number;
  /** Deadline of each relay's ServerStatus/GetNodes/GetNamespaces call (default 5 s). */
  unaryTimeoutMs?: number;
  keepalive?: KeepaliveOptions;
  /** Jitter source, replaceable in tests. */
  random?: () => number;
}

export interface RelayBridge {
  /** Each relay's state, in `--relay` order. */
  relays(): RelayInfo[];
  /** Nodes the bridge cannot stream from now (for ServerStatus/GetNodes of our own server). */
  unavailableNodes(): string[];
  /** Every relay's ServerStatus, merged as Relay merges its nodes'. */
  serverStatus(): Promise<ServerStatusResponse>;
  /** Every relay's GetNodes, node names tagged; relays that do not answer list their nodes as unavailable. */
  getNodes(): Promise<GetNodesResponse>;
  /** Every relay's GetNamespaces, merged; an empty cluster becomes the relay's NAME. */
  getNamespaces(): Promise<GetNamespacesResponse>;
  /** Cancels every stream, connection and timer; resolves when all have ended. */
  stop(): Promise<void>;
}

export const DEFAULT_BACKLOG = 4095;

/**
 * Starts streaming from every relay at once. Throws RelayFlagError or
 * RelayTlsError synchronously for bad options (nothing is started then);
 * failures to reach a relay are logged and retried, never thrown.
 */
export function startRelayBridge(options: RelayBridgeOptions, sink: RelayBridgeSink): RelayBridge {
  if (options.relays.length === 0) throw new RelayFlagError("--relay: no relay given");
  const targets = parseRelayFlags(
    options.relays.map((relay) => (relay.name === undefined ? relay.address : `${relay.name}=${relay.address}`)),
  );
  const tls = loadRelayTls(options);
  const backlog = options.backlog ?? DEFAULT_BACKLOG;
  if (!Number.isInteger(backlog) || backlog < 1) {
    throw new RelayFlagError(`relay backlog must be a whole number ≥ 1, got ${backlog}`);
  }
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const unaryTimeoutMs = options.unaryTimeoutMs ?? 5_000;

  const queue = new TimeMergeQueue<GetFlowsResponse>({
    emit: (event) => sink.event(event),
    holdMs: options.sortWindowMs ?? 1_000,
    maxSize: options.sortBufferSize ?? Math.min(16_384, Math.max(100, backlog * targets.length)),
  });
  const hooks = {
    event: (source: string, response: GetFlowsResponse, time: EventTime, advances: boolean) =>
      queue.push(source, response, time, advances),
    active: (source: string, active: boolean) => queue.setActive(source, active),
    status: sink.status,
    log: sink.log,
  };
  const connections = targets.map(
    (target, index) =>
      new RelayConnection(
        String(index),
        {
          target,
          tls,
          backlog,
          backoff,
          connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
          ...(options.keepalive ? { keepalive: options.keepalive } : {}),
          ...(options.random ? { random: options.random } : {}),
        },
        hooks,
      ),
  );

  /** Calls one unary method on every relay at once; a relay that fails gives an error instead. */
  async function askAll<T>(call: (client: Client<typeof Observer>, signal: AbortSignal) => Promise<T>): Promise<RelayAnswer<T>[]> {
    return Promise.all(
      connections.map(async (connection): Promise<RelayAnswer<T>> => {
        const base = {
          ...(connection.target.name === undefined ? {} : { name: connection.target.name }),
          address: connection.target.address,
          nodeNames: connection.nodeNames(),
        };
        try {
          return { ...base, answer: await call(connection.client, AbortSignal.timeout(unaryTimeoutMs)) };
        } catch (error) {
          return { ...base, error: (error as Error).message };
        }
      }),
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    relays: () => connections.map((connection) => connection.info()),
    unavailableNodes: () =>
      connections.flatMap((connection) => {
        const info = connection.info();
        if (info.state === NodeState.NODE_CONNECTED) {
          return info.nodes.filter((node) => node.state !== NodeState.NODE_CONNECTED).map((node) => node.name);
        }
        return info.state === NodeState.UNKNOWN_NODE_STATE ? [] : connection.nodeNames();
      }),
    serverStatus: async () => mergeServerStatus(await askAll((client, signal) => client.serverStatus({}, { signal }))),
    getNodes: async () => mergeNodes(await askAll((client, signal) => client.getNodes({}, { signal }))),
    getNamespaces: async () => mergeNamespaces(await askAll((client, signal) => client.getNamespaces({}, { signal }))),
    stop: () => {
      stopping ??= Promise.all(connections.map((connection) => connection.stop())).then(() => queue.close());
      return stopping;
    },
  };
}
