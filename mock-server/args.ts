// Command-line options of `npm start -- …` (mock-server/main.ts).
import { parseArgs } from "node:util";
import { parseRelayFlags, RelayFlagError, type RelayTarget } from "./sources/relay-bridge/relay-flag.ts";

export interface ServerArgs {
  host: string;
  port: number;
  replay: string[];
  /** `--relay [NAME=]HOST:PORT` targets, validated. */
  relays: RelayTarget[];
  relayTls: { tls: boolean; ca?: string; cert?: string; key?: string; serverName?: string };
  /** Built-in scenario name or scenario file; the default source. */
  scenario?: string;
  stage: number;
  seed: string;
  rate: number;
  speed: number;
  loop: boolean;
  buffer: number;
  corsOrigins: string[];
  uiDir: string;
  tlsCert?: string;
  tlsKey?: string;
}

export const USAGE = `Usage: npm start -- [options]

Observatory's server: a Hubble-Relay-compatible observer.Observer API on one
port (native gRPC over h2c, gRPC-web and Connect), the dashboard UI, /healthz
and /metrics (Hubble's Prometheus metrics of every flow it serves).

Sources (with none given, the simulator runs the built-in "shop" scenario at stage 1):
  --scenario NAME|FILE   run the lab simulator: built-in "shop" (two clusters,
                         Zero-Trust stages 1-5) or "starwars" (stages 1-3), or a
                         scenario YAML file (format: mock-server/scenarios/README.md)
  --stage N              the stage to start at (default 1); the UI and the
                         observatory.lab.v1.Lab service change it at run time
  --seed S               seed of the simulator's random choices (default 1);
                         the same seed gives the same flows
  --rate X               scale every traffic generator's rate (default 1)
  --replay FILE|DIR…     replay Hubble JSON lines files (\`hubble observe -o jsonpb\`
                         output or Hubble exporter events.log, .gz too); a
                         directory replays its rotated set in order. Bad lines
                         are reported on stderr as file:line: reason, every
                         good line is served. Default: the recorded sample
                         flows shipped in src/testing/samples.
  --relay [NAME=]HOST:PORT
                         stream from a real Hubble Relay over native gRPC
                         (repeatable: several relays are merged by time; NAME
                         tags the cluster, node names become NAME/node).
                         E.g. --relay 127.0.0.1:4245 after
                         \`cilium hubble port-forward\`
  --relay-tls            connect to the relays with TLS
  --relay-ca FILE        CA bundle to verify the relays (Hubble's CA)
  --relay-cert FILE      client certificate for mTLS (PEM) …
  --relay-key FILE       … and its key
  --relay-server-name N  name to verify in the relay's certificate, e.g.
                         *.hubble-relay.cilium.io
  --speed X              replay pace: 1 = as recorded, 2 = twice as fast,
                         0 = as fast as possible (default 0). With X > 0 flows
                         are re-stamped with the time they are sent.
  --loop                 replay again from the start when done, shifting
                         timestamps so time keeps moving forward (keeps up to
                         256 MiB of the first pass's encodings for later passes)

Server:
  --host HOST            address to bind (default 127.0.0.1)
  --port PORT            port to listen on (default 12000)
  --buffer N             ring buffer capacity per node, in events (default 4095)
  --cors-origin ORIGIN   allow a browser UI on ORIGIN to call the API
                         (repeatable; "*" allows any origin)
  --tls-cert FILE        serve HTTPS/HTTP2 with this certificate (PEM) …
  --tls-key FILE         … and this private key (PEM)
  --ui-dir DIR           the built UI to serve (default dist)
  -h, --help             show this help
`;

export class UsageError extends Error {}

/** Parses argv (without node and script) into validated server options. */
export function parseServerArgs(argv: string[]): ServerArgs | "help" {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      // Files after --replay: \`--replay a.jsonl b.jsonl\` (a shell glob).
      allowPositionals: true,
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "12000" },
        replay: { type: "string", multiple: true, default: [] },
        relay: { type: "string", multiple: true, default: [] },
        "relay-tls": { type: "boolean", default: false },
        "relay-ca": { type: "string" },
        "relay-cert": { type: "string" },
        "relay-key": { type: "string" },
        "relay-server-name": { type: "string" },
        scenario: { type: "string" },
        stage: { type: "string", default: "1" },
        seed: { type: "string", default: "1" },
        rate: { type: "string", default: "1" },
        speed: { type: "string", default: "0" },
        loop: { type: "boolean", default: false },
        buffer: { type: "string", default: "4095" },
        "cors-origin": { type: "string", multiple: true, default: [] },
        "ui-dir": { type: "string", default: "dist" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (positionals.length > 0 && values.replay.length === 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}" (files to replay go after --replay)`);
  }
  const speed = Number(values.speed);
  if (!/^\d+(\.\d+)?$/.test(values.speed) || !Number.isFinite(speed)) {
    throw new UsageError(`--speed: expected a number ≥ 0 (1 = recorded pace, 0 = as fast as possible), got "${values.speed}"`);
  }
  const port = integerOption("--port", values.port, 0, 65_535);
  const sources = [values.scenario && "--scenario", values.replay.length > 0 && "--replay", values.relay.length > 0 && "--relay"].filter(Boolean);
  if (sources.length > 1) throw new UsageError(`${sources.join(" and ")} are different sources: pick one`);
  let relays: RelayTarget[];
  try {
    relays = parseRelayFlags(values.relay);
  } catch (error) {
    if (error instanceof RelayFlagError) throw new UsageError(error.message);
    throw error;
  }
  const rate = Number(values.rate);
  if (!/^\d+(\.\d+)?$/.test(values.rate) || rate <= 0) {
    throw new UsageError(`--rate: expected a number > 0, got "${values.rate}"`);
  }
  const buffer = integerOption("--buffer", values.buffer, 1, 10_000_000);
  if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  return {
    host: values.host,
    port,
    replay: [...values.replay, ...positionals],
    relays,
    relayTls: {
      tls: values["relay-tls"],
      ...(values["relay-ca"] ? { ca: values["relay-ca"] } : {}),
      ...(values["relay-cert"] ? { cert: values["relay-cert"] } : {}),
      ...(values["relay-key"] ? { key: values["relay-key"] } : {}),
      ...(values["relay-server-name"] ? { serverName: values["relay-server-name"] } : {}),
    },
    ...(values.scenario ? { scenario: values.scenario } : {}),
    stage: integerOption("--stage", values.stage, 1, 1000),
    seed: values.seed,
    rate,
    speed,
    loop: values.loop,
    buffer,
    corsOrigins: values["cors-origin"],
    uiDir: values["ui-dir"],
    ...(values["tls-cert"] ? { tlsCert: values["tls-cert"] } : {}),
    ...(values["tls-key"] ? { tlsKey: values["tls-key"] } : {}),
  };
}

function integerOption(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
