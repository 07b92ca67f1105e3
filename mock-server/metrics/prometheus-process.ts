// A real Prometheus (Debian's `prometheus` package) for tests: started on a free loopback port with
// a temporary config and TSDB, asked through its HTTP API, and stopped with its files removed.
// Used by the panels' cross-check, which needs Prometheus' own rate() and histogram_quantile(),
// not a re-implementation of them.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Where Debian installs it; PATH is searched first. */
const DEBIAN_BINARY = "/usr/bin/prometheus";

export interface PrometheusOptions {
  /** `host:port` targets of one scrape job. */
  readonly targets: readonly string[];
  readonly jobName: string;
  readonly scrapeIntervalSeconds: number;
}

/** One series of a range query (or of an instant query over a range selector). */
export interface PrometheusSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** [unix seconds, value as Prometheus prints it ("NaN", "+Inf" included)] */
  readonly values: readonly (readonly [number, string])[];
}

export interface ActiveTarget {
  readonly health: "up" | "down" | "unknown";
  readonly lastError: string;
  readonly lastScrape: string;
  readonly scrapeUrl: string;
}

export interface RunningPrometheus {
  readonly url: string;
  /** GET /api/v1/<path>; throws with Prometheus' error text unless status is "success". */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
  activeTargets(): Promise<ActiveTarget[]>;
  queryRange(promql: string, startS: number, endS: number, stepS: number): Promise<PrometheusSeries[]>;
  /** Stops the process (TERM, then KILL) and removes the config and TSDB. Safe to call twice. */
  stop(): Promise<void>;
}

export class PrometheusMissingError extends Error {
  override readonly name = "PrometheusMissingError";
}

/** The prometheus binary on PATH or at Debian's path; throws PrometheusMissingError without one. */
export function findPrometheus(): string {
  const candidates = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "prometheus")), DEBIAN_BINARY];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new PrometheusMissingError(
    "prometheus is not installed (looked on PATH and at /usr/bin/prometheus): `apt-get install prometheus` (Debian's package; .ci/run installs it)",
  );
}

/** A free TCP port on 127.0.0.1 (closed again, so another process could take it first; rare). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Prometheus and resolves once /-/ready answers; rejects (having cleaned up) if it does not. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = findPrometheus();
  const dir = mkdtempSync(join(tmpdir(), "observatory-prometheus-"));
  const config = join(dir, "prometheus.yml");
  const interval = `${options.scrapeIntervalSeconds}s`;
  writeFileSync(
    config,
    [
      "global:",
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      "scrape_configs:",
      `  - job_name: ${JSON.stringify(options.jobName)}`,
      `    scrape_interval: ${interval}`,
      `    scrape_timeout: ${interval}`,
      "    metrics_path: /metrics",
      "    static_configs:",
      `      - targets: ${JSON.stringify(options.targets)}`,
      "",
    ].join("\n"),
  );
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  // Keep the tail of its log for error messages.
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4000);
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true })));

  const api = async <T>(path: string, params: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; data?: T; error?: string; errorType?: string };
    if (body.status !== "success") throw new Error(`Prometheus ${path}: ${body.errorType ?? response.status}: ${body.error ?? "no data"}`);
    return body.data as T;
  };

  try {
    await waitUntilReady(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    api,
    activeTargets: async () => (await api<{ activeTargets: ActiveTarget[] }>("targets", { state: "active" })).activeTargets,
    queryRange: async (promql, startS, endS, stepS) => {
      const data = await api<{ resultType: string; result: PrometheusSeries[] }>("query_range", {
        query: promql,
        start: String(startS),
        end: String(endS),
        step: String(stepS),
      });
      return data.result;
    },
    stop,
  };
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`prometheus was not ready within 30 s:\n${log()}`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
