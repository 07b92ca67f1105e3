// Unary observer calls as TanStack Query options, keyed by API endpoint.
import { queryOptions } from "@tanstack/react-query";
import type { ObserverClient } from "./observer-client.ts";

export function serverStatusQuery(client: ObserverClient, baseUrl: string) {
  return queryOptions({
    queryKey: ["observer", baseUrl, "server-status"],
    queryFn: ({ signal }) => client.serverStatus({}, { signal }),
    refetchInterval: 5_000,
  });
}
