// What the relay bridge hands to the rest of the server.
import type { GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";
import type { NodeState } from "../../../src/gen/relay/relay_pb.ts";

/** A change in what a relay (or the nodes behind it) can deliver. */
export interface RelayStatus {
  /** The relay's NAME, or its address when it has none. */
  relay: string;
  address: string;
  /** NODE_CONNECTED / NODE_UNAVAILABLE / NODE_GONE / NODE_ERROR, as Relay reports its nodes. */
  state: NodeState;
  /** The nodes concerned, tagged `NAME/node` like flows; the relay's own label when it has told us none. */
  nodeNames: string[];
  /** The error, for NODE_ERROR and NODE_UNAVAILABLE caused by a failure. */
  message?: string;
}

export interface RelayBridgeSink {
  /** Flows and lost_events, merged over relays in time order, tagged with the relay's NAME. Treat as read-only. */
  event(response: GetFlowsResponse): void;
  status(update: RelayStatus): void;
  /** One line, no trailing newline, starting with "relay-bridge: ". */
  log(line: string): void;
}

/** One relay as the bridge sees it (for ServerStatus, GetNodes, a status page). */
export interface RelayInfo {
  name?: string;
  address: string;
  /** NODE_CONNECTED while streaming; NODE_UNAVAILABLE or NODE_ERROR after a failure; UNKNOWN_NODE_STATE before the first answer. */
  state: NodeState;
  lastError?: string;
  /** Epoch milliseconds when the current stream opened (absent while not streaming). */
  connectedSince?: number;
  /** Flows forwarded from this relay since the bridge started (duplicates excluded). */
  flowsReceived: number;
  /** Repeated flows dropped when a stream resumed. */
  duplicatesDropped: number;
  /** Nodes behind the relay, tagged, with their last known state. */
  nodes: { name: string; state: NodeState }[];
}
