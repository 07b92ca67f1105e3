// A sink that records what the bridge delivers, and a bounded wait on it.
import type { GetFlowsResponse } from "../../../../src/gen/observer/observer_pb.ts";
import type { RelayBridgeSink, RelayStatus } from "../relay-types.ts";

export interface DeliveredFlow {
  uuid: string;
  nodeName: string;
  flowNodeName: string;
  sourceCluster: string;
  destinationCluster: string;
  /** Nanoseconds since the epoch, as a bigint (exact, comparable). */
  timeNs: bigint;
}

export interface RecordingSink {
  sink: RelayBridgeSink;
  events: GetFlowsResponse[];
  statuses: RelayStatus[];
  logs: string[];
  flows(): DeliveredFlow[];
}

export function recordingSink(): RecordingSink {
  const events: GetFlowsResponse[] = [];
  const statuses: RelayStatus[] = [];
  const logs: string[] = [];
  return {
    sink: {
      event: (response) => events.push(response),
      status: (update) => statuses.push(update),
      log: (line) => logs.push(line),
    },
    events,
    statuses,
    logs,
    flows: () =>
      events.flatMap((event) => {
        if (event.responseTypes.case !== "flow") return [];
        const flow = event.responseTypes.value;
        const time = event.time ?? flow.time;
        return [
          {
            uuid: flow.uuid,
            nodeName: event.nodeName,
            flowNodeName: flow.nodeName,
            sourceCluster: flow.source?.clusterName ?? "",
            destinationCluster: flow.destination?.clusterName ?? "",
            timeNs: time ? time.seconds * 1_000_000_000n + BigInt(time.nanos) : -1n,
          },
        ];
      }),
  };
}

/**
 * Waits until `check` returns something truthy, polling every 10 ms; fails
 * after `timeoutMs` saying what it waited for and what it saw last.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 10_000,
  seen?: () => unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) {
      const last = seen ? `; last seen: ${JSON.stringify(seen(), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
