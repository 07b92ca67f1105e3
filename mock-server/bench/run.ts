// `npm run bench [-- --soak-seconds N]`: speed and memory figures with their
// targets. Servers run as separate processes, as in production, so client and
// server do not share one event loop. Figures are printed, never asserted.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Observer } from "../../src/gen/observer/observer_pb.ts";
import { benchmarkEvaluate } from "../../src/domain/policy/policy.bench.ts";
import { benchmarkFilters } from "./filter-bench.ts";
import { benchPanels, syntheticPanelFlows } from "../../src/domain/panels/panels.bench.ts";
import { benchmarkSimulator } from "../sources/simulator/simulator.bench.ts";
import { writeBenchFile } from "./bench-data.ts";
import { countGrpcFlows, countGrpcWebFlows } from "./frame-counter.ts";

const { values } = parseArgs({
  options: {
    "soak-seconds": { type: "string", default: "600" },
    flows: { type: "string", default: "200000" },
    port: { type: "string", default: "12300" },
    /** "soak" or "throughput": run only that server phase (while iterating on one figure). */
    only: { type: "string" },
  },
});
const SOAK_SECONDS = Number(values["soak-seconds"]);
const FLOWS = Number(values.flows);
const PORT = Number(values.port);
const NODES = 4;

interface Row {
  measure: string;
  figure: number;
  unit: string;
  target?: number;
  /** "min": figure should be ≥ target; "max": ≤ target. */
  sense?: "min" | "max";
}
const rows: Row[] = [];
const report = (row: Row) => {
  rows.push(row);
  process.stderr.write(`bench: ${row.measure}: ${format(row.figure)} ${row.unit}\n`);
};

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}

async function startServerProcess(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "mock-server/main.ts", "--port", String(port), ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => undefined);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("the server did not come up within 30 s");
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitForBuffered(client: Client<typeof Observer>, count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const status = await client.serverStatus({});
    if (status.seenFlows >= BigInt(count)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not load ${count} flows in time`);
}

async function throughput(file: string): Promise<void> {
  const server = await startServerProcess(["--buffer", "65535", "--replay", file], PORT);
  try {
    const baseUrl = `http://127.0.0.1:${PORT}`;
    const grpc = createClient(Observer, createGrpcTransport({ baseUrl }));
    await waitForBuffered(grpc, FLOWS);
    let best = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const { flows } = await countGrpcFlows(baseUrl, {});
      best = Math.max(best, flows / ((performance.now() - started) / 1000));
    }
    report({ measure: `GetFlows, all ${FLOWS.toLocaleString("en-US")} buffered flows, 1 native gRPC client (best of 3)`, figure: best, unit: "flows/s", target: 200_000, sense: "min" });

    const perClient = 5_000n;
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => countGrpcWebFlows(baseUrl, { number: perClient })));
    const total = results.reduce((n, counts) => n + counts.flows, 0);
    report({ measure: `GetFlows, 20 concurrent gRPC-web clients × ${perClient * BigInt(NODES)} flows, aggregate`, figure: total / ((performance.now() - started) / 1000), unit: "flows/s" });
    report({ measure: "server RSS holding the buffered flows", figure: rssMb(server.pid ?? 0), unit: "MB" });
  } finally {
    server.kill();
  }
}

/** Runs `followers` gRPC-web followers in a child process for `seconds`. */
function followerProcess(baseUrl: string, followers: number, seconds: number): Promise<{ flows: number; lost: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "mock-server/bench/follower.ts", baseUrl, String(followers), String(seconds)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as { flows: number; lost: number }) : reject(new Error(`follower exited ${code}`))));
  });
}

async function followerSoak(file: string): Promise<void> {
  // 5k flows/s: the file's flows are 200 µs apart, replayed at recorded pace, looping.
  const port = PORT + 1;
  const server = await startServerProcess(["--replay", file, "--speed", "1", "--loop"], port);
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const followers = Array.from({ length: 4 }, () => followerProcess(baseUrl, 5, SOAK_SECONDS));
    const status = createClient(Observer, createGrpcTransport({ baseUrl }));
    const first = await status.serverStatus({});
    const samples: number[] = [];
    const startedAt = performance.now();
    while (performance.now() - startedAt < SOAK_SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, SOAK_SECONDS * 1000)));
      samples.push(rssMb(server.pid ?? 0));
    }
    const last = await status.serverStatus({});
    const results = await Promise.all(followers);
    const seconds = (performance.now() - startedAt) / 1000;
    const ingested = Number(last.seenFlows - first.seenFlows);
    const lost = results.reduce((n, r) => n + r.lost, 0);
    report({ measure: `follow soak ${Math.round(seconds)} s: ingest rate`, figure: ingested / seconds, unit: "flows/s", target: 5_000, sense: "min" });
    report({ measure: "follow soak: flows received per follower (mean of 20)", figure: results.reduce((n, r) => n + r.flows, 0) / 20 / seconds, unit: "flows/s", target: 5_000, sense: "min" });
    report({ measure: "follow soak: lost events over 20 followers", figure: lost, unit: "events", target: 0, sense: "max" });
    const half = Math.floor(samples.length / 2);
    const early = Math.max(...samples.slice(0, Math.max(1, half)));
    report({ measure: "follow soak: server RSS, first half peak", figure: early, unit: "MB" });
    report({ measure: "follow soak: server RSS, second half peak (flat = bounded by the ring)", figure: Math.max(...samples.slice(half)), unit: "MB", target: early * 1.1, sense: "max" });
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "observatory-bench-"));
  try {
    const file = join(dir, "bench.jsonl");
    await writeBenchFile(file, FLOWS, NODES, 200);
    if (values.only !== undefined) {
      await (values.only === "soak" ? followerSoak(file) : throughput(file));
      return;
    }
    const filters = benchmarkFilters(1_000_000);
    report({ measure: "filter evaluations, 5-field filter", figure: filters.evaluationsPerSecond, unit: "evals/s" });
    const policy = benchmarkEvaluate(20_000);
    report({ measure: `policy evaluations on a ${policy.policies}-policy set`, figure: policy.evaluationsPerSecond, unit: "evals/s" });
    const panels = benchPanels(syntheticPanelFlows(250_000));
    report({ measure: `panels: rebuild the engine from ${panels.flows.toLocaleString("en-US")} flows`, figure: panels.rebuildMs, unit: "ms" });
    report({ measure: `panels: recompute all ${panels.panels} panels, 15 min at 5 s steps`, figure: panels.evaluateAllMs, unit: "ms" });
    report({ measure: "panels: the same, one series per node", figure: panels.evaluateAllPerNodeMs, unit: "ms" });
    const simulator = benchmarkSimulator({ scenario: "shop", stage: 5, rate: 50, virtualSeconds: 30 });
    report({ measure: "simulator: flows synthesised, shop stage 5 (rate ×50)", figure: simulator.flowsPerSecond, unit: "flows/s" });
    await throughput(file);
    await followerSoak(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    printTable();
  }
}

function printTable(): void {
  const lines = rows.map((row) => {
    const target = row.target === undefined ? "" : `${row.sense === "max" ? "≤" : "≥"} ${format(row.target)}`;
    let ratio = "";
    if (row.target !== undefined && row.target > 0) {
      ratio = row.sense === "max" ? (row.target / Math.max(row.figure, 1e-9)).toFixed(2) : (row.figure / row.target).toFixed(2);
    } else if (row.target === 0) {
      ratio = row.figure === 0 ? "met" : "missed";
    }
    return [row.measure, `${format(row.figure)} ${row.unit}`, target, ratio];
  });
  const header = ["measure", "figure", "target", "ratio (≥1 meets)"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(render(header));
  console.log(render(widths.map((w) => "-".repeat(w))));
  for (const line of lines) console.log(render(line));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
