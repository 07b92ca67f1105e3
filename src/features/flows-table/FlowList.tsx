// Walking-skeleton flow list (issue #3); the virtualised table is issue #6.
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { FlowFeed } from "../../api/flow-feed.ts";
import type { ObserverClient } from "../../api/observer-client.ts";
import { VerdictSchema } from "../../gen/flow/flow_pb.ts";
import { formatFlowRow } from "./flow-row.ts";

const ROWS_SHOWN = 500;

export function FlowList({ client }: { client: ObserverClient }) {
  const feed = useMemo(() => new FlowFeed(client), [client]);
  useEffect(() => {
    void feed.start();
    return () => feed.stop();
  }, [feed]);
  const snapshot = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const newestFirst = snapshot.flows.slice(-ROWS_SHOWN).toReversed();
  return (
    <section className="flow-list" aria-label="Flows">
      <p className="flow-count" data-testid="flow-count" data-state={snapshot.state}>
        {snapshot.received} flows received ({snapshot.state})
        {snapshot.error ? ` — ${snapshot.error}` : ""}
      </p>
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Source</th>
            <th>Destination</th>
            <th>Type</th>
            <th>Verdict</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((flow, index) => {
            const row = formatFlowRow(flow);
            const verdict = VerdictSchema.value[flow.verdict]?.name ?? String(flow.verdict);
            return (
              <tr key={`${row.time}-${index}`} className={`verdict-${verdict.toLowerCase()}`} data-testid="flow-row">
                <td>{row.time}</td>
                <td>{row.source}</td>
                <td>{row.destination}</td>
                <td>{row.type}</td>
                <td data-testid="flow-verdict">{verdict}</td>
                <td>{row.summary}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
