import { useQuery } from "@tanstack/react-query";
import type { ObserverClient } from "../api/observer-client.ts";
import { serverStatusQuery } from "../api/query-keys.ts";

export function ServerStatusBar({ client, baseUrl }: { client: ObserverClient; baseUrl: string }) {
  const status = useQuery(serverStatusQuery(client, baseUrl));
  if (status.isPending) return <span className="status">connecting to {baseUrl}…</span>;
  if (status.isError) {
    return (
      <span className="status status-error" role="alert">
        {baseUrl}: {status.error.message}
      </span>
    );
  }
  const { numFlows, maxFlows, seenFlows, version, numConnectedNodes } = status.data;
  return (
    <span className="status" data-testid="server-status">
      {version} · {numConnectedNodes ?? 0} node(s) · buffer {numFlows.toString()}/{maxFlows.toString()} · seen{" "}
      {seenFlows.toString()}
    </span>
  );
}
