// Where the stream stands: live / connecting / retrying with a countdown /
// failed, the windowed flow rate, nodes connected out of known, lost events
// and gaps (each one's times in the tooltip; the table marks where it is).
// ServerStatus comes through TanStack Query; the rest from the store.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ObserverClient } from "../api/observer-client.ts";
import { serverStatusQuery } from "../api/query-keys.ts";
import { gapText } from "../features/flows-table/gap-rows.ts";
import type { LiveSnapshot } from "./live-store.ts";

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function ConnectionIndicator({ live, client, baseUrl }: { live: LiveSnapshot; client: ObserverClient; baseUrl: string }) {
  const status = useQuery(serverStatusQuery(client, baseUrl));
  const { state } = live;
  const now = useNow(state.kind === "retrying");
  let label: string;
  switch (state.kind) {
    case "streaming":
      label = "live";
      break;
    case "connecting":
      label = state.attempt === 0 ? "connecting…" : `reconnecting (attempt ${state.attempt + 1})…`;
      break;
    case "retrying":
      label = `stream lost: ${state.error} — retrying in ${Math.max(0, Math.ceil((state.retryAt - now) / 1000))} s`;
      break;
    case "failed":
      label = `stopped: ${state.error}`;
      break;
    case "stopped":
      label = "paused";
      break;
  }
  const connected = status.data?.numConnectedNodes ?? 0;
  const unavailable = status.data?.numUnavailableNodes ?? 0;
  return (
    <div className={`connection connection-${state.kind}`} data-testid="connection" role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span data-testid="connection-state" data-state={state.kind}>{label}</span>
      <span data-testid="connection-rate">{live.flowsPerSecond.toFixed(1)} flows/s</span>
      {status.data ? (
        <span data-testid="connection-nodes" title={status.data.unavailableNodes.join(", ")}>
          {connected}/{connected + unavailable} nodes
        </span>
      ) : null}
      {status.isError ? <span className="status-error">{status.error.message}</span> : null}
      {live.lostEvents > 0 ? <span className="connection-lost" data-testid="connection-lost">{live.lostEvents} lost</span> : null}
      {live.gaps.length > 0 ? (
        <span data-testid="connection-gaps" title={live.gaps.map(gapText).join("\n")}>
          {live.gaps.length} gap(s)
        </span>
      ) : null}
    </div>
  );
}
