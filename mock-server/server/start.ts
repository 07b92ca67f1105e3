// Assembles the server from its parts; used by main.ts and by tests, which
// start real servers on ephemeral ports.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AddressInfo } from "node:net";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { FlowStore } from "./flow-store.ts";
import { createGrpcGetFlowsHandler, isBinaryGrpcGetFlows } from "./grpc-get-flows.ts";
import { createHttpHandler, unimplementedFallback } from "./http-handler.ts";
import { observerRoutes } from "./observer-service.ts";
import { createOnePortServer } from "./one-port.ts";
import { createStaticUi } from "./static-ui.ts";
import { createFlowMetrics, type FlowMetrics } from "../metrics/flow-metrics.ts";
import { createMetricsHandler, isMetricsRequest } from "../metrics/metrics-route.ts";

export const SERVER_VERSION = "observatory/0.1.0";

export interface StartOptions {
  host: string;
  port: number;
  buffer: number;
  corsOrigins: string[];
  uiDir: string;
  tlsCert?: string;
  tlsKey?: string;
  serverName?: string;
  /** Events a follow stream may fall behind by before it is sent lost_events. */
  followQueueLimit?: number;
  /** Nodes a source knows but cannot reach now (relay bridge). */
  unavailableNodes?: () => string[];
  /** More services on the same port (e.g. the simulator's observatory.lab.v1.Lab). */
  extraRoutes?: (router: ConnectRouter) => void;
}

export interface RunningServer {
  url: string;
  store: FlowStore;
  /** Hubble's metrics of every event added to `store`, served on GET /metrics. */
  metrics: FlowMetrics;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const store = new FlowStore(options.buffer);
  // Every source (simulator, replay, relay bridge) adds through the store, so its listener sees
  // each event exactly once, as it enters the server.
  const metrics = createFlowMetrics();
  store.subscribe((run) => {
    for (const event of run.events) metrics.count(event);
  });
  const getFlowsOptions = {
    store,
    serverName: options.serverName ?? "observatory",
    ...(options.followQueueLimit ? { followQueueLimit: options.followQueueLimit } : {}),
    ...(options.unavailableNodes ? { unavailableNodes: options.unavailableNodes } : {}),
  };
  const observer = observerRoutes({ ...getFlowsOptions, version: SERVER_VERSION, startedAt: Date.now() });
  // GetFlows over binary gRPC and gRPC-web takes the fast path; Connect serves everything else.
  const fastGetFlows = createGrpcGetFlowsHandler(getFlowsOptions);
  const connectRpc = connectNodeAdapter({
    routes: (router) => {
      observer(router);
      options.extraRoutes?.(router);
    },
    fallback: unimplementedFallback,
  });
  const staticUi = createStaticUi(resolve(options.uiDir));
  const serveMetrics = createMetricsHandler(metrics.registry);
  const handler = createHttpHandler({
    rpc: (req, res) => (isBinaryGrpcGetFlows(req) ? fastGetFlows(req, res) : connectRpc(req, res)),
    ui: (req, res) => (isMetricsRequest(req) ? serveMetrics(req, res) : staticUi(req, res)),
    corsOrigins: options.corsOrigins,
  });
  const tls =
    options.tlsCert && options.tlsKey
      ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) }
      : undefined;
  const server = createOnePortServer(handler, tls);
  await new Promise<void>((resolveListen, reject) => {
    server.server.once("error", reject);
    server.server.listen(options.port, options.host, () => resolveListen());
  });
  const { port } = server.server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { url: `${tls ? "https" : "http"}://${host}:${port}`, store, metrics, close: () => server.close() };
}
