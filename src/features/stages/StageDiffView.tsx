// The diff between two stages, edge by edge, in the service map's terms: which edges became
// dropped, allowed, redirected to the proxy, or went quiet. Two pickers choose the stages; the
// default is the previous stage against the current one, "what did the last change do?".
import type { StageDiff } from "../../domain/stages/stage-diff.ts";
import type { StageInterval } from "../../domain/stages/stage-timeline.ts";
import { type DiffLine, diffLines } from "./edge-lines.ts";
import type { DiffChoice } from "./stages-view.ts";

export interface StageDiffViewProps {
  intervals: readonly StageInterval[];
  pair: DiffChoice | undefined;
  diff: StageDiff | undefined;
  onChoose(choice: { before: number; after: number }): void;
}

const LISTS = [
  { key: "newlyDropped", title: "Newly dropped", hint: "blocked now, never blocked before" },
  { key: "newlyAllowed", title: "Newly allowed", hint: "blocked before, only passing now" },
  { key: "newlyRedirected", title: "Newly redirected", hint: "sent to the L7 proxy now, not before" },
  { key: "gone", title: "Gone", hint: "flows before, none now" },
] as const;

const count = (n: number) => n.toLocaleString("en-US");

function EdgeItem({ line }: { line: DiffLine }) {
  return (
    <li data-testid="diff-edge" data-edge={line.names}>
      <span className="edge-text">
        {line.text}
        {line.clusters.map((cluster) => (
          <span key={cluster} className="edge-cluster">{cluster}</span>
        ))}
      </span>
      <span className="diff-counts" title="flow events on this edge, and how many of them were dropped, in the first stage → in the second">
        flows {count(line.before.flows)} → {count(line.after.flows)} · dropped {count(line.before.dropped)} → {count(line.after.dropped)}
      </span>
    </li>
  );
}

function StagePicker({ label, intervals, value, onChange, testId }: { label: string; intervals: readonly StageInterval[]; value: number; onChange(index: number): void; testId: string }) {
  return (
    <label className="stages-picker">
      {label}
      <select data-testid={testId} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {intervals.map((interval) => (
          <option key={interval.fromMs} value={interval.index}>
            {interval.marker.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StageDiffView({ intervals, pair, diff, onChoose }: StageDiffViewProps) {
  if (pair === undefined || diff === undefined) {
    return <p className="stages-empty">Two stages are needed for a diff: apply a lab stage, or press “Mark stage” (m) when you change a policy.</p>;
  }
  const choose = (before: number, after: number) => onChoose({ before: intervals[before]!.fromMs, after: intervals[after]!.fromMs });
  return (
    <div className="stage-diff" data-testid="stage-diff" data-before={intervals[pair.before]?.marker.label} data-after={intervals[pair.after]?.marker.label}>
      <div className="stage-diff-pickers">
        <StagePicker label="From" intervals={intervals} value={pair.before} onChange={(i) => choose(i, pair.after)} testId="diff-before" />
        <span aria-hidden="true">→</span>
        <StagePicker label="to" intervals={intervals} value={pair.after} onChange={(i) => choose(pair.before, i)} testId="diff-after" />
      </div>
      <div className="stage-diff-lists">
        {LISTS.map(({ key, title, hint }) => {
          const lines = diffLines(diff[key]);
          return (
            <section key={key} className={`diff-list diff-${key}`} data-testid={`diff-${key}`} data-count={lines.length}>
              <h4 title={hint}>
                {title} <span className="diff-count">{lines.length}</span>
              </h4>
              {lines.length === 0 ? <p className="stages-empty">none</p> : <ul>{lines.map((line) => <EdgeItem key={line.text} line={line} />)}</ul>}
            </section>
          );
        })}
      </div>
    </div>
  );
}
