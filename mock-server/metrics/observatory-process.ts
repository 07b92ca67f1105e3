// `npm start`'s server (mock-server/main.ts) as a child process, the way a user runs it: its
// arguments, its sources wired by main.ts, on loopback (the URL is read from its "listening on"
// line, so port 0 works), stopped with SIGTERM.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopProcess } from "./prometheus-process.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LISTENING = /^Observatory listening on (\S+)$/m;

export interface ObservatoryProcess {
  readonly url: string;
  /** `host:port`, as a Prometheus target. */
  readonly hostPort: string;
  stop(): Promise<void>;
}

/** Starts the server with `args` on 127.0.0.1:`port` (0: any free port); resolves with its URL once it listens. */
export async function startObservatory(args: readonly string[], port = 0): Promise<ObservatoryProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "mock-server/main.ts", "--host", "127.0.0.1", "--port", String(port), ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error("did not start within 30 s")), 30_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopProcess(child);
      reject(new Error(`observatory ${args.join(" ")}: ${error.message}\n${stderr}`));
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      if (settled) return;
      stdout += chunk.toString("utf8");
      const match = LISTENING.exec(stdout);
      if (match?.[1]) {
        settled = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => fail(new Error(`exited (${code ?? signal}) before listening`)));
    child.once("error", fail);
  });
  return { url, hostPort: new URL(url).host, stop: () => stopProcess(child) };
}
