// `npm start -- …`: arguments → sources → store → one-port server.
import { parseServerArgs, USAGE, UsageError } from "./args.ts";
import { replayFilesInWorker } from "./sources/replay-in-worker.ts";
import { expandReplayInputs } from "./sources/replay-inputs.ts";
import { startServer } from "./server/start.ts";
import { loadScenario, ScenarioError } from "./sources/simulator/scenario-load.ts";
import { createSimulator, InvalidStageError } from "./sources/simulator/simulator.ts";
import { labRoutes } from "./sources/simulator/lab-service.ts";
import type { ServerArgs } from "./args.ts";
import { startRelayBridge } from "./sources/relay-bridge/relay-bridge.ts";
import { RelayTlsError } from "./sources/relay-bridge/relay-transport.ts";
import { nodeStatusResponse } from "./server/get-flows-stream.ts";
import type { RunningServer } from "./server/start.ts";

const DEFAULT_SCENARIO = "shop";

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseServerArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`observatory: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const stopSource =
    args.relays.length > 0 ? await serveRelays(args) : args.replay.length > 0 ? await serveReplay(args) : await serveSimulator(args);
  if (!stopSource) return 1;
  const stop = () => {
    void stopSource().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return -1;
}

/** Replays files into a new server; returns how to stop both. */
async function serveReplay(args: ServerArgs): Promise<() => Promise<void>> {
  const server = await startServer(args);
  announce(server);
  const files = expandReplayInputs(args.replay);
  const stopping = new AbortController();
  // Decoding on a worker thread leaves this one to serve the streams; each batch arrives framed.
  void replayFilesInWorker(files, (events, envelopes) => server.store.addRun(events, envelopes), process.stderr, {
    speed: args.speed,
    loop: args.loop,
    signal: stopping.signal,
  }).then(
    (summary) => {
      process.stderr.write(
        `observatory: replayed ${summary.events} events from ${files.length} file(s), ${summary.badLines} bad line(s)\n`,
      );
    },
    // The server keeps serving what it has; the replay's own failure is said once.
    (error: unknown) => process.stderr.write(`observatory: the replay stopped: ${error instanceof Error ? error.message : String(error)}\n`),
  );
  return () => {
    stopping.abort();
    return server.close();
  };
}

/** Runs the lab simulator into a new server, with its Lab service; undefined on a bad scenario. */
async function serveSimulator(args: ServerArgs): Promise<(() => Promise<void>) | undefined> {
  let simulator;
  try {
    const scenario = loadScenario(args.scenario ?? DEFAULT_SCENARIO);
    for (const warning of scenario.warnings) process.stderr.write(`observatory: ${warning}\n`);
    simulator = createSimulator(scenario, { seed: args.seed, rate: args.rate, stage: args.stage });
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof InvalidStageError) {
      process.stderr.write(`observatory: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
  const server = await startServer({ ...args, extraRoutes: labRoutes(simulator) });
  announce(server);
  process.stderr.write(`observatory: simulating "${simulator.scenario.spec.name}" at stage ${simulator.stage}\n`);
  simulator.start((event) => server.store.add(event));
  return () => {
    simulator.stop();
    return server.close();
  };
}

/** Bridges real Hubble Relays into a new server; undefined on bad TLS options. */
async function serveRelays(args: ServerArgs): Promise<(() => Promise<void>) | undefined> {
  let bridge: ReturnType<typeof startRelayBridge> | undefined;
  const server = await startServer({ ...args, unavailableNodes: () => bridge?.unavailableNodes() ?? [] });
  try {
    bridge = startRelayBridge(
      { relays: args.relays, ...args.relayTls, backlog: args.buffer },
      {
        event: (event) => server.store.add(event),
        status: (update) => server.store.notify(nodeStatusResponse(update.relay, update.state, update.nodeNames, update.message)),
        log: (line) => process.stderr.write(`${line}\n`),
      },
    );
  } catch (error) {
    await server.close();
    if (error instanceof RelayTlsError) {
      process.stderr.write(`observatory: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
  announce(server);
  const started = bridge;
  return async () => {
    await started.stop();
    await server.close();
  };
}

function announce(server: RunningServer): void {
  process.stdout.write(`Observatory listening on ${server.url}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`observatory: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
