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

export function namespacesQuery(client: ObserverClient, baseUrl: string) {
  return queryOptions({
    queryKey: ["observer", baseUrl, "namespaces"],
    queryFn: async ({ signal }) => {
      const { namespaces } = await client.getNamespaces({}, { signal });
      return [...new Set(namespaces.map((n) => n.namespace))].toSorted();
    },
    refetchInterval: 15_000,
  });
}
