// The file source: an "Open file" button, progress while the worker parses,
// and the report: flows read, bad lines (file:line: reason), unknown fields.
import { useRef } from "react";
import type { FileReplayState } from "./use-file-replay.ts";
import "./file-replay.css";

export interface FileReplayPanelProps {
  state: FileReplayState;
  onOpen(file: File): void;
  onClose(): void;
}

export function OpenFileButton({ onOpen }: { onOpen(file: File): void }) {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <button type="button" className="open-file" onClick={() => input.current?.click()} title="Or drop a file on the page">
        Open flow file…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="file-input"
        accept=".json,.jsonl,.log,.ndjson,.txt,application/json"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onOpen(file);
          event.target.value = "";
        }}
      />
    </>
  );
}

export function FileReplayPanel({ state, onClose }: FileReplayPanelProps) {
  if (state.status === "idle") return null;
  const percent = state.total > 0 ? Math.round((100 * state.bytes) / state.total) : 100;
  return (
    <section className="file-replay" aria-label="Replayed file" data-testid="file-replay" data-status={state.status}>
      <div className="file-replay-head">
        <strong>{state.name}</strong>
        {state.status === "parsing" ? <progress max={100} value={percent} aria-label="Reading the file" /> : null}
        <span data-testid="file-flow-count" data-count={state.flows}>{state.flows.toLocaleString("en-US")} flows</span>
        {state.badLineCount > 0 || state.badLines.length > 0 ? (
          <span className="file-bad" data-testid="file-bad-count">{Math.max(state.badLineCount, state.badLines.length)} bad line(s)</span>
        ) : null}
        {state.error ? <span className="file-bad">{state.error}</span> : null}
        <button type="button" onClick={onClose} data-testid="back-to-live">Back to live</button>
      </div>
      {state.badLines.length > 0 ? (
        <details className="file-report" open data-testid="bad-line-report">
          <summary>Lines that could not be read (good lines around them were kept)</summary>
          <ol>
            {state.badLines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
        </details>
      ) : null}
      {state.unknownFields.length > 0 ? <p className="file-unknown">Unknown fields skipped: {state.unknownFields.join("; ")}</p> : null}
    </section>
  );
}
