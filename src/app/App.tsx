// The application shell: providers, the API endpoint, and the page layout.
import { useMemo } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { apiBaseUrl, createObserverClient } from "../api/observer-client.ts";
import { FlowList } from "../features/flows-table/FlowList.tsx";
import { ServerStatusBar } from "./ServerStatusBar.tsx";

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 2, refetchOnWindowFocus: false } },
});

export function App() {
  const baseUrl = useMemo(() => apiBaseUrl(window.location), []);
  const client = useMemo(() => createObserverClient(baseUrl), [baseUrl]);
  return (
    <QueryClientProvider client={queryClient}>
      <div className="app">
        <header className="app-header">
          <h1>Observatory</h1>
          <ServerStatusBar client={client} baseUrl={baseUrl} />
        </header>
        <main className="app-main">
          <FlowList client={client} />
        </main>
      </div>
    </QueryClientProvider>
  );
}
