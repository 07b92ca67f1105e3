// The real server for the UI bench, one process per measurement, as `npm start` runs it: the page
// under test talks to it over the network exactly as in production, and the server's own
// ServerStatus counter says how many flows it offered, so a slow server is told apart from a slow
// page.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Observer } from "../../src/gen/observer/observer_pb.ts";

/** The repository root: the server is started from there, as `npm start` does. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const STARTUP_MS = 60_000;
const STOP_MS = 5_000;

export interface BenchServer {
  readonly url: string;
  /** Flows the server has ingested from its source since it started (ServerStatus.seen_flows). */
  seenFlows(): Promise<number>;
  stop(): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_MS);
  await exited;
  clearTimeout(timer);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * Hands out free ports from `first` to `last`, each once. A busy port is skipped, never shared:
 * a server that cannot bind exits, and /healthz would then answer for someone else's server
 * (`npm run bench` uses 12300 and 12301 by default).
 */
export function portAllocator(first: number, last: number): () => Promise<number> {
  let next = first;
  return async () => {
    while (next <= last) {
      const port = next++;
      if (await portFree(port)) return port;
    }
    throw new Error(`no free port left in ${first}-${last}`);
  };
}

/** Starts `mock-server/main.ts` with `args` on `port`, serving the UI in `uiDir`; resolves once /healthz answers. */
export async function startBenchServer(args: readonly string[], port: number, uiDir: string): Promise<BenchServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "mock-server/main.ts", "--port", String(port), "--ui-dir", uiDir, ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  // The last lines of stderr, to explain a server that never came up.
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_MS;
  // Healthy and still ours: a child that exited (say, the port was taken since) answers nothing.
  while (!(await healthy(url)) || child.exitCode !== null) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the server (${args.join(" ")}) did not come up on port ${port}:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const status = createClient(Observer, createGrpcTransport({ baseUrl: url }));
  return {
    url,
    seenFlows: async () => Number((await status.serverStatus({})).seenFlows),
    stop: () => stopChild(child),
  };
}
