// Opens a flow file in a Web Worker and feeds its flows to a sink as they are
// parsed; keeps progress and the bad-line report for the page.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type FromWorker, MAX_LISTED_BAD_LINES } from "./worker-protocol.ts";

export interface FileReplayState {
  status: "idle" | "parsing" | "done" | "failed";
  name: string;
  bytes: number;
  total: number;
  flows: number;
  badLineCount: number;
  /** The first MAX_LISTED_BAD_LINES bad lines, as file:line: reason. */
  badLines: string[];
  unknownFields: string[];
  error?: string;
}

const IDLE: FileReplayState = { status: "idle", name: "", bytes: 0, total: 0, flows: 0, badLineCount: 0, badLines: [], unknownFields: [] };

export function useFileReplay(onFlows: (flows: readonly Flow[]) => void) {
  const [state, setState] = useState<FileReplayState>(IDLE);
  const worker = useRef<Worker | null>(null);
  const sink = useRef(onFlows);
  useEffect(() => {
    sink.current = onFlows;
  });
  useEffect(() => () => worker.current?.terminate(), []);

  const open = useCallback((file: File) => {
    worker.current?.terminate();
    const next = new Worker(new URL("./parse-worker.ts", import.meta.url), { type: "module" });
    worker.current = next;
    setState({ ...IDLE, status: "parsing", name: file.name, total: file.size });
    next.addEventListener("message", (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      switch (message.kind) {
        case "flows":
          sink.current(message.flows);
          setState((s) => ({ ...s, flows: s.flows + message.flows.length }));
          break;
        case "progress":
          setState((s) => ({ ...s, bytes: message.bytes, total: message.total }));
          break;
        case "bad-lines":
          setState((s) => ({ ...s, badLines: [...s.badLines, ...message.messages].slice(0, MAX_LISTED_BAD_LINES) }));
          break;
        case "done":
          setState((s) => ({ ...s, status: "done", flows: message.flows, badLineCount: message.badLines, unknownFields: message.unknownFields, bytes: s.total }));
          next.terminate();
          break;
        case "failed":
          setState((s) => ({ ...s, status: "failed", error: message.error }));
          next.terminate();
          break;
      }
    });
    next.postMessage({ kind: "parse", file }, { transfer: [] });
  }, []);

  const close = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    setState(IDLE);
  }, []);

  return { state, open, close };
}
