// `npm start -- …`: arguments → sources → store → one-port server.
import { parseServerArgs, USAGE, UsageError } from "./args.ts";
import { replayFiles } from "./sources/replay-file.ts";
import { expandReplayInputs } from "./sources/replay-inputs.ts";
import { startServer } from "./server/start.ts";
import { sampleFlowFiles } from "../src/testing/node/samples.ts";

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
  const server = await startServer(args);
  process.stdout.write(`Observatory listening on ${server.url}\n`);
  const files = expandReplayInputs(args.replay.length > 0 ? args.replay : sampleFlowFiles());
  const stopping = new AbortController();
  void replayFiles(files, (event) => server.store.add(event), process.stderr, {
    speed: args.speed,
    loop: args.loop,
    signal: stopping.signal,
  }).then((summary) => {
    process.stderr.write(
      `observatory: replayed ${summary.events} events from ${files.length} file(s), ${summary.badLines} bad line(s)\n`,
    );
  });
  const stop = () => {
    stopping.abort();
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return -1;
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
